import { html } from '../web/html.ts';
import { csrfField, formField } from '../web/form-field.ts';
import { layout } from '../web/layout.ts';

export interface TwoFactorSetupView {
  signedInAs: string;
  csrfToken: string;
  /** The otpauth:// URI as an SVG QR code, rendered on the server. */
  qrSvg: string;
  secret: string;
  secretBase32: string;
  error?: string;
}

/** GET /account/two-factor: scan the QR code (or type the key), then prove it with a first code. */
export function twoFactorSetupPage(view: TwoFactorSetupView): string {
  return layout(
    { title: 'Set up an authenticator app', signedInAs: view.signedInAs, csrfToken: view.csrfToken },
    html`<section class="card narrow">
  <h1>Set up an authenticator app</h1>
  <p>Scan this code with your authenticator app.</p>
  <p><img class="qr" alt="QR code for your authenticator app" width="200" height="200" src="data:image/svg+xml;base64,${Buffer.from(view.qrSvg).toString('base64')}"></p>
  <p>Or type this key:</p>
  <p class="copyable"><code class="secret">${view.secretBase32.replace(/(.{4})/g, '$1 ').trim()}</code></p>
  <form method="post" action="/account/two-factor/enable" novalidate>
    ${csrfField(view.csrfToken)}
    <input type="hidden" name="secret" value="${view.secret}">
    ${formField({ name: 'code', label: 'The 6-digit code your app shows', error: view.error, autocomplete: 'one-time-code', required: true, maxLength: 6, autofocus: true })}
    <button type="submit">Turn on two-factor sign-in</button>
  </form>
</section>`,
  );
}

/** Recovery codes, shown once. */
export function recoveryCodesPage(view: {
  signedInAs: string;
  csrfToken: string;
  codes: string[];
  intro: string;
}): string {
  return layout(
    { title: 'Your recovery codes', signedInAs: view.signedInAs, csrfToken: view.csrfToken },
    html`<section class="card narrow">
  <h1>Your recovery codes</h1>
  <p>${view.intro} Keep these codes somewhere safe: each one signs you in once if you lose your device. They will not be shown again.</p>
  <ul class="recovery-codes copyable">${view.codes.map((code) => html`<li><code>${code}</code></li>`)}</ul>
  <p class="actions">
    <a class="button secondary" download="acme-account-recovery-codes.txt" href="data:text/plain;charset=utf-8,${encodeURIComponent(`Acme Account recovery codes\n\n${view.codes.join('\n')}\n`)}">Download as a text file</a>
    <a class="button" href="/account">Done</a>
  </p>
</section>`,
  );
}

import { html, type Html } from '../web/html.ts';
import { csrfField, formField } from '../web/form-field.ts';
import { layout } from '../web/layout.ts';

/** Both code fields on /account take the same kind of code; their labels say what each one is for. */
const CODE_HINT = 'From your authenticator app, or one of your recovery codes.';

export interface AccountView {
  signedInAs: string;
  csrfToken: string;
  twoFactorOn: boolean;
  notice?: string;
  passwordErrors?: { currentPassword?: string; password?: string; code?: string };
  disableError?: string;
}

/** GET /account: change the password and manage two-factor sign-in. */
export function accountPage(view: AccountView): string {
  return layout(
    { title: 'Your account', signedInAs: view.signedInAs, csrfToken: view.csrfToken },
    html`<section class="card">
  <h1>Your account</h1>
  ${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
  <h2>Change your password</h2>
  <form method="post" action="/account/password" novalidate>
    ${csrfField(view.csrfToken)}
    ${formField({ name: 'currentPassword', label: 'Current password', type: 'password', error: view.passwordErrors?.currentPassword, autocomplete: 'current-password', required: true, maxLength: 256 })}
    ${formField({ name: 'password', label: 'New password', type: 'password', error: view.passwordErrors?.password, autocomplete: 'new-password', required: true, maxLength: 256 })}
    ${view.twoFactorOn || view.passwordErrors?.code ? formField({ name: 'code', id: 'field-password-code', label: 'Code to confirm the password change', hint: CODE_HINT, error: view.passwordErrors?.code, autocomplete: 'one-time-code', required: true, maxLength: 32 }) : ''}
    <button type="submit">Change password</button>
  </form>
  <p class="aside">Changing your password signs you out on every other device.</p>
  <h2>Two-factor sign-in</h2>
  ${view.twoFactorOn ? twoFactorOnSection(view) : html`<p>Off. Add a second step to sign-in with an authenticator app.</p>
  <p><a class="button" href="/account/two-factor">Set up an authenticator app</a></p>`}
</section>`,
  );
}

function twoFactorOnSection(view: AccountView): Html {
  return html`<p>On: signing in asks for a code from your authenticator app.</p>
  <form method="post" action="/account/two-factor/disable" novalidate>
    ${csrfField(view.csrfToken)}
    ${formField({ name: 'code', label: 'Code to turn off two-factor sign-in', hint: CODE_HINT, error: view.disableError, autocomplete: 'one-time-code', required: true, maxLength: 32 })}
    <button type="submit" class="danger">Turn off two-factor sign-in</button>
  </form>
  <form method="post" action="/account/two-factor/recovery-codes">
    ${csrfField(view.csrfToken)}
    <button type="submit" class="secondary">Make new recovery codes</button>
  </form>`;
}

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
export function recoveryCodesPage(view: { signedInAs: string; csrfToken: string; codes: string[]; intro: string }): string {
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

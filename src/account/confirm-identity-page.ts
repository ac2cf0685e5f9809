import { html } from '../web/html.ts';
import { csrfField, formField } from '../web/form-field.ts';
import { layout } from '../web/layout.ts';

export interface ConfirmIdentityForm {
  signedInAs: string;
  csrfToken: string;
  /** Where the form posts (it carries the returnTo). */
  action: string;
  /** The person has an authenticator app: a code (or a recovery code) also confirms. */
  twoFactorOn: boolean;
  /** The person has a passkey and signs in on our forms: a passkey also confirms. */
  passkeysOn: boolean;
  errors?: { password?: string; code?: string; passkey?: string };
}

/**
 * GET /account/confirm: before a change to how the account signs in, the person proves it is them with
 * their password, a two-factor code or a passkey (each its own form, so a field left empty is never
 * mistaken for a wrong answer).
 */
export function confirmIdentityPage(form: ConfirmIdentityForm): string {
  const errors = form.errors ?? {};
  return layout(
    { title: 'Confirm it is you', signedInAs: form.signedInAs, csrfToken: form.csrfToken, passkeys: form.passkeysOn },
    html`<section class="card narrow">
  <h1>Confirm it is you</h1>
  <p>This change affects how your account signs in, so we ask again that it is you.</p>
  <form method="post" action="${form.action}" novalidate>
    ${csrfField(form.csrfToken)}
    ${formField({ name: 'password', label: 'Your password', type: 'password', error: errors.password, autocomplete: 'current-password', required: true, maxLength: 256, autofocus: true })}
    <button type="submit">Confirm</button>
  </form>
  ${
    form.twoFactorOn
      ? html`<form method="post" action="${form.action}" novalidate>
    ${csrfField(form.csrfToken)}
    ${formField({ name: 'code', label: 'Or a code from your authenticator app (or a recovery code)', error: errors.code, autocomplete: 'one-time-code', required: true, maxLength: 32 })}
    <button type="submit" class="secondary">Confirm with the code</button>
  </form>`
      : ''
  }
  ${
    form.passkeysOn
      ? html`<form method="post" action="${form.action}" novalidate>
    ${csrfField(form.csrfToken)}
    <div class="passkey" data-passkey hidden>
      <input type="hidden" name="credential" value="">
      <p class="form-error" role="alert" data-passkey-error ${errors.passkey ? '' : 'hidden'}>${errors.passkey ?? ''}</p>
      <button type="submit" class="secondary" formaction="${form.action}" data-passkey-submit="/account/confirm/passkey/options">Confirm with a passkey</button>
    </div>
  </form>`
      : ''
  }
  <p class="aside"><a href="/account">Cancel</a></p>
</section>`,
  );
}

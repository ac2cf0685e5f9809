import { html } from '../web/html.ts';
import { csrfField, formField } from '../web/form-field.ts';
import { layout } from '../web/layout.ts';

/** GET /two-factor: the code from the authenticator app, or (with `recovery`) a recovery code. */
export function twoFactorPage(form: {
  csrfToken: string;
  recovery: boolean;
  /** The person just signed in with a passkey: say why a code is still asked for. */
  afterPasskey?: boolean;
  error?: string;
}): string {
  const title = form.recovery ? 'Enter a recovery code' : 'Enter your code';
  return layout(
    { title, signedInAs: null },
    html`<section class="card narrow">
  <h1>${title}</h1>
  ${
    form.afterPasskey
      ? html`<p class="notice" role="status">Your passkey was accepted. Your account also has two-factor sign-in on, and FusionAuth asks for its second step after every sign-in, a passkey’s included.</p>`
      : ''
  }
  <p>${
    form.recovery
      ? 'Type one of the recovery codes you saved when you turned on two-factor sign-in. Each code works once.'
      : 'Open your authenticator app and type the 6-digit code it shows for this account.'
  }</p>
  <form method="post" action="/two-factor" novalidate>
    ${csrfField(form.csrfToken)}
    ${formField({
      name: 'code',
      label: form.recovery ? 'Recovery code' : 'Code',
      error: form.error,
      required: true,
      maxLength: 32,
      autocomplete: 'one-time-code',
      autofocus: true,
    })}
    <button type="submit">Continue</button>
  </form>
  <p class="aside">${
    form.recovery
      ? html`<a href="/two-factor">Use your authenticator app instead</a>`
      : html`Lost your device? <a href="/two-factor?recovery=1">Use a recovery code</a>`
  }</p>
</section>`,
  );
}

export interface NewPasswordForm {
  title: string;
  intro: string;
  action: string;
  csrfToken: string;
  error?: string;
  /** FusionAuth wants a fresh two-factor code first: the form also asks who it is and for the code. */
  confirmWithCode?: { email?: string; error?: string };
}

/** A form for a new password: the required change after a 203 and the reset from an email link. */
export function newPasswordPage(form: NewPasswordForm): string {
  const confirm = form.confirmWithCode;
  return layout(
    { title: form.title, signedInAs: null },
    html`<section class="card narrow">
  <h1>${form.title}</h1>
  <p>${form.intro}</p>
  ${confirm ? html`<p>Your account uses two-factor sign-in: confirm it is you with your email address and a code from your authenticator app.</p>` : ''}
  <form method="post" action="${form.action}" novalidate>
    ${csrfField(form.csrfToken)}
    ${
      confirm
        ? html`${formField({ name: 'email', label: 'Email', type: 'email', value: confirm.email, autocomplete: 'username', required: true, maxLength: 254 })}
    ${formField({ name: 'code', label: 'Code from your app (or a recovery code)', error: confirm.error, autocomplete: 'one-time-code', required: true, maxLength: 32 })}`
        : ''
    }
    ${formField({ name: 'password', label: 'New password', type: 'password', error: form.error, autocomplete: 'new-password', required: true, maxLength: 256 })}
    <button type="submit">Save the new password</button>
  </form>
</section>`,
  );
}

/** GET /forgot-password, and after a POST the same answer whether or not the account exists. */
export function forgotPasswordPage(form: {
  csrfToken: string;
  email?: string;
  sent?: boolean;
  error?: string;
}): string {
  return layout(
    { title: 'Reset your password', signedInAs: null },
    html`<section class="card narrow">
  <h1>Reset your password</h1>
  ${
    form.sent
      ? html`<p class="notice" role="status">If an account uses ${form.email ?? 'that address'}, we have sent it a link to reset the password. The link works for 10 minutes.</p>`
      : html`<p>Enter the email address of your account and we will send you a link to choose a new password.</p>`
  }
  <form method="post" action="/forgot-password" novalidate>
    ${csrfField(form.csrfToken)}
    ${formField({ name: 'email', label: 'Email', type: 'email', value: form.email, error: form.error, autocomplete: 'username', required: true, maxLength: 254 })}
    <button type="submit">${form.sent ? 'Send another link' : 'Send the link'}</button>
  </form>
  <p class="aside"><a href="/login">Back to sign in</a></p>
</section>`,
  );
}

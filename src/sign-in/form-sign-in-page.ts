import { html, type Html } from '../web/html.ts';
import { csrfField, formField } from '../web/form-field.ts';
import { layout } from '../web/layout.ts';

export interface LoginForm {
  csrfToken: string;
  returnTo: string;
  email?: string;
  /** A message about the whole attempt (wrong credentials, locked account…). */
  error?: string;
  fieldErrors?: { email?: string; password?: string };
}

export function loginPage(form: LoginForm): string {
  const action = form.returnTo === '/' ? '/login' : `/login?returnTo=${encodeURIComponent(form.returnTo)}`;
  return layout(
    { title: 'Sign in', signedInAs: null, passkeys: true },
    html`<section class="card narrow">
  <h1>Sign in</h1>
  ${form.error ? html`<p class="form-error" role="alert">${form.error}</p>` : ''}
  <form method="post" action="${action}" novalidate>
    ${csrfField(form.csrfToken)}
    ${formField({ name: 'email', label: 'Email', type: 'email', value: form.email, error: form.fieldErrors?.email, autocomplete: 'username', required: true, maxLength: 254, autofocus: !form.email })}
    ${formField({ name: 'password', label: 'Password', type: 'password', error: form.fieldErrors?.password, autocomplete: 'current-password', required: true, maxLength: 256, autofocus: Boolean(form.email) })}
    <button type="submit">Sign in</button>
    ${passkeyButton(form.returnTo)}
  </form>
  <p class="aside"><a href="/forgot-password">Forgot your password?</a></p>
  <p class="aside">New here? <a href="/register">Create an account</a></p>
</section>`,
  );
}

/**
 * "Sign in with a passkey", hidden until the page's script finds WebAuthn in the browser. It uses the form's
 * email: the script fetches the options for it, has the browser answer them, puts the answer in `credential`
 * and submits the form to /login/passkey (the password, if typed, is not used there).
 */
function passkeyButton(returnTo: string): Html {
  const action = returnTo === '/' ? '/login/passkey' : `/login/passkey?returnTo=${encodeURIComponent(returnTo)}`;
  return html`<div class="passkey" data-passkey hidden>
    <input type="hidden" name="credential" value="">
    <p class="form-error" role="alert" data-passkey-error hidden></p>
    <button type="submit" class="secondary" formaction="${action}" formnovalidate data-passkey-submit="/login/passkey/options">Sign in with a passkey</button>
  </div>`;
}

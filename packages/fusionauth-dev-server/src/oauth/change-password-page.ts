/**
 * The hosted change-password page, with the landmarks of FusionAuth's `password/change` template:
 * headed "Update your password", `#password` and `#passwordConfirm`, `button.blue.button` "Submit",
 * posting to `/password/change` with the changePasswordId (and the authorization request, when the
 * change is a step of a hosted sign-in) in hidden fields. When a password rule failed, the rules
 * are listed above the fields, as the template does.
 */
import { authorizationFields, type AuthorizationRequest } from './authorization-request.ts';
import { button, hiddenFields, input, type ThemedView } from './hosted-page.ts';
import { html } from '../http/html.ts';

export interface ChangePasswordPageModel {
  changePasswordId: string;
  /** Present when the change is a step of a hosted sign-in (the Login API's 203). */
  request?: AuthorizationRequest;
  /** An error alert (why the change is needed, or why it failed). */
  error?: string;
  fieldErrors?: { password?: string; passwordConfirm?: string };
  /** The tenant's minimum and maximum length, listed when a rule failed. */
  rules?: { minLength: number; maxLength: number };
}

/** The new-password form. */
export function changePasswordPage(model: ChangePasswordPageModel): ThemedView {
  const errors = model.fieldErrors ?? {};
  return (text) => ({
    heading: text('password-change-title', 'Update your password'),
    ...(model.error ? { errors: [model.error] } : {}),
    body: html`<form action="/password/change" method="POST" class="full" novalidate>
  ${hiddenFields({ ...(model.request ? authorizationFields(model.request) : {}), changePasswordId: model.changePasswordId })}
  ${
    errors.password && model.rules
      ? html`<div class="font-italic">
    <span>Password must meet the following constraints:</span>
    <ul><li>Must be between ${String(model.rules.minLength)} and ${String(model.rules.maxLength)} characters in length</li></ul>
  </div>`
      : ''
  }
  <fieldset>
    ${input({ id: 'password', name: 'password', type: 'password', placeholder: text('password', 'Password'), icon: 'lock', error: errors.password, autocomplete: 'new-password', autofocus: true })}
    ${input({ id: 'passwordConfirm', name: 'passwordConfirm', type: 'password', placeholder: text('passwordConfirm', 'Confirm password'), icon: 'lock', error: errors.passwordConfirm, autocomplete: 'new-password' })}
  </fieldset>
  <div class="form-row">
    ${button(text('submit', 'Submit'))}
  </div>
</form>`,
  });
}

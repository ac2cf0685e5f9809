/**
 * The hosted page for a password change the login requires (the Login API's 203): a new password,
 * checked against the tenant's rules. The authorization request and the changePasswordId ride along
 * in hidden fields.
 */
import { authorizationFields, type AuthorizationRequest } from './authorization-request.ts';
import { field, hiddenFields, hostedPage } from './hosted-page.ts';
import { html } from '../../src/web/html.ts';

export interface ChangePasswordPageModel {
  request: AuthorizationRequest;
  changePasswordId: string;
  error?: string;
}

/** Renders the new-password form. */
export function changePasswordPage(model: ChangePasswordPageModel): string {
  return hostedPage('Change your password', html`<section class="card narrow">
  <h1>Change your password</h1>
  <p>Your password must be changed before you can sign in.</p>
  <form method="post" action="/oauth2/change-password" novalidate>
    ${hiddenFields({ ...authorizationFields(model.request), changePasswordId: model.changePasswordId })}
    ${field({ name: 'password', label: 'New password', type: 'password', error: model.error, autocomplete: 'new-password' })}
    <button type="submit">Change password</button>
  </form>
</section>`);
}

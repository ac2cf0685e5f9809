/**
 * The hosted login page. Field names are FusionAuth's theme's (`loginId`, `password`); the
 * authorization request rides along in hidden fields.
 */
import { authorizationFields, authorizationQuery, type AuthorizationRequest } from './authorization-request.ts';
import { field, hiddenFields, hostedPage } from './hosted-page.ts';
import { html } from '../../src/web/html.ts';

export interface LoginPageModel {
  request: AuthorizationRequest;
  loginId?: string;
  /** About the whole attempt (wrong credentials, locked account…). */
  error?: string;
  fieldErrors?: { loginId?: string; password?: string };
}

/** Renders the login form. */
export function loginPage(model: LoginPageModel): string {
  const { request } = model;
  return hostedPage('Log in', html`<section class="card narrow">
  <h1>Log in</h1>
  <p class="aside">to ${request.application.name}</p>
  ${model.error ? html`<p class="form-error" role="alert">${model.error}</p>` : ''}
  <form method="post" action="/oauth2/authorize" novalidate>
    ${hiddenFields(authorizationFields(request))}
    ${field({ name: 'loginId', label: 'Email', type: 'email', value: model.loginId, error: model.fieldErrors?.loginId, autocomplete: 'username' })}
    ${field({ name: 'password', label: 'Password', type: 'password', error: model.fieldErrors?.password, autocomplete: 'current-password' })}
    <button type="submit">Log in</button>
  </form>
  <p class="aside">New here? <a href="/oauth2/register?${authorizationQuery(request)}">Create an account</a></p>
</section>`);
}

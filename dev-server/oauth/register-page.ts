/**
 * The hosted self-service registration page, with the fields FusionAuth's theme uses
 * (`user.email`, `user.password`, `user.firstName`, `user.lastName`).
 */
import { authorizationFields, authorizationQuery, type AuthorizationRequest } from './authorization-request.ts';
import { field, hiddenFields, hostedPage } from './hosted-page.ts';
import { html } from '../../src/web/html.ts';

export type RegisterField = 'user.email' | 'user.password' | 'user.firstName' | 'user.lastName';

export interface RegisterPageModel {
  request: AuthorizationRequest;
  values?: Partial<Record<RegisterField, string>>;
  fieldErrors?: Partial<Record<RegisterField, string>>;
  error?: string;
}

/** Renders the registration form. */
export function registerPage(model: RegisterPageModel): string {
  const values = model.values ?? {};
  const errors = model.fieldErrors ?? {};
  return hostedPage('Create an account', html`<section class="card narrow">
  <h1>Create an account</h1>
  <p class="aside">for ${model.request.application.name}</p>
  ${model.error ? html`<p class="form-error" role="alert">${model.error}</p>` : ''}
  <form method="post" action="/oauth2/register" novalidate>
    ${hiddenFields(authorizationFields(model.request))}
    ${field({ name: 'user.email', label: 'Email', type: 'email', value: values['user.email'], error: errors['user.email'], autocomplete: 'email' })}
    ${field({ name: 'user.password', label: 'Password (at least 8 characters)', type: 'password', error: errors['user.password'], autocomplete: 'new-password' })}
    ${field({ name: 'user.firstName', label: 'First name', value: values['user.firstName'], error: errors['user.firstName'], autocomplete: 'given-name' })}
    ${field({ name: 'user.lastName', label: 'Last name', value: values['user.lastName'], error: errors['user.lastName'], autocomplete: 'family-name' })}
    <button type="submit">Create account</button>
  </form>
  <p class="aside">Already have an account? <a href="/oauth2/authorize?${authorizationQuery(model.request)}">Log in</a></p>
</section>`);
}

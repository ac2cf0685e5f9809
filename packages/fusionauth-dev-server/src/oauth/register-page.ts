/**
 * The hosted self-service registration page, with the landmarks of FusionAuth's `oauth2/register`
 * template (basic registration): `#email` (`user.email`), `#password` (`user.password`), the name
 * fields the application enables (`#firstName`, `#lastName`), `button.blue.button` "Register" and
 * "Return to login"; titled and headed "Register".
 */
import { authorizationFields, authorizationQuery, type AuthorizationRequest } from './authorization-request.ts';
import { registrationFieldSetting } from './clients.ts';
import { button, hiddenFields, input, link, type ThemedView } from './hosted-page.ts';
import { html } from '../http/html.ts';

export type RegisterField = 'user.email' | 'user.password' | 'user.firstName' | 'user.lastName';

/** The optional name fields, in the template's order, with their placeholders. */
export const NAME_FIELDS = [
  { field: 'user.firstName', setting: 'firstName', placeholder: 'First name' },
  { field: 'user.lastName', setting: 'lastName', placeholder: 'Last name' },
] as const;

export interface RegisterPageModel {
  request: AuthorizationRequest;
  values?: Partial<Record<RegisterField, string>>;
  fieldErrors?: Partial<Record<RegisterField, string>>;
  error?: string;
}

/** The registration form. */
export function registerPage(model: RegisterPageModel): ThemedView {
  const values = model.values ?? {};
  const errors = model.fieldErrors ?? {};
  const { application } = model.request;
  const names = NAME_FIELDS.filter(({ setting }) => registrationFieldSetting(application, setting).enabled);
  return (text) => ({
    title: text('oauth2-register-page-title', 'Register'),
    heading: text('register', 'Register'),
    ...(model.error ? { errors: [model.error] } : {}),
    body: html`<form action="/oauth2/register" method="POST" class="full" novalidate>
  ${hiddenFields(authorizationFields(model.request))}
  <fieldset>
    ${input({ id: 'email', name: 'user.email', placeholder: text('email', 'Email'), icon: 'user', value: values['user.email'], error: errors['user.email'], autocomplete: 'username', autofocus: true })}
    ${input({ id: 'password', name: 'user.password', type: 'password', placeholder: text('password', 'Password'), icon: 'lock', error: errors['user.password'], autocomplete: 'new-password' })}
    ${names.map(({ field, setting, placeholder }) =>
      input({
        id: setting,
        name: field,
        placeholder: text(setting, placeholder),
        icon: 'user',
        value: values[field],
        error: errors[field],
        autocomplete: setting === 'firstName' ? 'given-name' : 'family-name',
      }),
    )}
  </fieldset>
  <div class="form-row">
    ${button(text('register', 'Register'), 'key')}
    <p>${link(`/oauth2/authorize?${authorizationQuery(model.request)}`, text('return-to-login', 'Return to login'))}</p>
  </div>
</form>`,
  });
}

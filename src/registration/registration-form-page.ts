import { html } from '../web/html.ts';
import { csrfField, formField } from '../web/form-field.ts';
import { layout } from '../web/layout.ts';

export interface RegisterForm {
  csrfToken: string;
  values?: { email?: string; firstName?: string; lastName?: string };
  fieldErrors?: { email?: string; password?: string; firstName?: string; lastName?: string };
  error?: string;
}

export function registerPage(form: RegisterForm): string {
  const errors = form.fieldErrors ?? {};
  const values = form.values ?? {};
  return layout(
    { title: 'Create an account', signedInAs: null },
    html`<section class="card narrow">
  <h1>Create an account</h1>
  ${form.error ? html`<p class="form-error" role="alert">${form.error}</p>` : ''}
  <form method="post" action="/register" novalidate>
    ${csrfField(form.csrfToken)}
    ${formField({ name: 'email', label: 'Email', type: 'email', value: values.email, error: errors.email, autocomplete: 'email', required: true, maxLength: 254 })}
    ${formField({ name: 'password', label: 'Password (at least 8 characters)', type: 'password', error: errors.password, autocomplete: 'new-password', required: true, maxLength: 256 })}
    ${formField({ name: 'firstName', label: 'First name (optional)', value: values.firstName, error: errors.firstName, autocomplete: 'given-name', maxLength: 100 })}
    ${formField({ name: 'lastName', label: 'Last name (optional)', value: values.lastName, error: errors.lastName, autocomplete: 'family-name', maxLength: 100 })}
    <button type="submit">Create account</button>
  </form>
  <p class="aside">Already have an account? <a href="/login">Sign in</a></p>
</section>`,
  );
}

/**
 * The hosted forgot-password page, with the landmarks of FusionAuth's `password/forgot` template:
 * headed "Forgot password", its instruction, `#loginId`, `button.blue.button` "Submit" and "Return
 * to login" when the page belongs to an authorization request (carried in hidden fields).
 */
import { authorizationFields, authorizationQuery, type AuthorizationRequest } from './authorization-request.ts';
import { button, hiddenFields, input, link, type ThemedView } from './hosted-page.ts';
import { html } from '../http/html.ts';

export interface ForgotPasswordPageModel {
  request?: AuthorizationRequest | undefined;
  loginId?: string;
  error?: string;
  fieldErrors?: { loginId?: string };
}

/** The form that asks for the login id. */
export function forgotPasswordPage(model: ForgotPasswordPageModel): ThemedView {
  const { request } = model;
  return (text) => ({
    heading: text('forgot-password-title', 'Forgot password'),
    ...(model.error ? { errors: [model.error] } : {}),
    body: html`<form action="/password/forgot" method="POST" class="full" novalidate>
  ${hiddenFields(request ? authorizationFields(request) : {})}
  <p>${text('forgot-password', 'Forgot your password? Enter your login in the form below to reset your password.')}</p>
  <fieldset class="push-less-top">
    ${input({ id: 'loginId', name: 'loginId', placeholder: text('loginId', 'Login'), icon: 'user', value: model.loginId, error: model.fieldErrors?.loginId, autocomplete: 'username', autofocus: true })}
  </fieldset>
  <div class="form-row">
    ${button(text('submit', 'Submit'))}
    ${request ? html`<p>${link(`/oauth2/authorize?${authorizationQuery(request)}`, text('return-to-login', 'Return to login'))}</p>` : ''}
  </div>
</form>`,
  });
}

/**
 * The hosted login page, with the landmarks of FusionAuth's `oauth2/authorize` template: inputs
 * `#loginId` and `#password`, the `button.blue.button` "Submit" with its key icon, the "Forgot your
 * password?" link, and "Don't have an account?" when self-service registration is on. The
 * authorization request rides along in hidden fields; without one (`/admin`) the form posts back
 * to where it came from. Its words are the theme's messages `oauth2-authorize-page-title`, `login`,
 * `loginId`, `password`, `submit`, `forgot-your-password`, `dont-have-an-account` and `create-an-account`.
 */
import { authorizationFields, authorizationQuery, type AuthorizationRequest } from './authorization-request.ts';
import { button, DEFAULT_TITLE, hiddenFields, input, link, type ThemedView } from './hosted-page.ts';
import { selfServiceEnabled } from './clients.ts';
import { html } from '../http/html.ts';

export interface LoginPageModel {
  /** The authorization request; absent on the admin login page, which posts to `action`. */
  request?: AuthorizationRequest;
  action?: string;
  loginId?: string;
  /** About the whole attempt (wrong credentials, locked account…): an error alert. */
  error?: string;
  /** An info alert (a password just changed…). */
  info?: string;
  fieldErrors?: { loginId?: string; password?: string };
}

/** The login form. */
export function loginPage(model: LoginPageModel): ThemedView {
  const { request } = model;
  const query = request ? `?${authorizationQuery(request)}` : '';
  return (text) => ({
    title: text('oauth2-authorize-page-title', DEFAULT_TITLE),
    heading: text('login', 'Login'),
    ...(model.error ? { errors: [model.error] } : {}),
    ...(model.info ? { infos: [model.info] } : {}),
    body: html`<form action="${request ? '/oauth2/authorize' : (model.action ?? '/oauth2/authorize')}" method="POST" class="full" novalidate>
  ${hiddenFields(request ? authorizationFields(request) : {})}
  <fieldset>
    ${input({ id: 'loginId', name: 'loginId', placeholder: text('loginId', 'Login'), icon: 'user', value: model.loginId, error: model.fieldErrors?.loginId, autocomplete: 'username', autofocus: !model.loginId })}
    ${input({ id: 'password', name: 'password', type: 'password', placeholder: text('password', 'Password'), icon: 'lock', error: model.fieldErrors?.password, autocomplete: 'current-password', autofocus: Boolean(model.loginId) })}
  </fieldset>
  <div class="form-row">
    ${button(text('submit', 'Submit'), 'key')}
    ${link(`/password/forgot${query}`, text('forgot-your-password', 'Forgot your password?'))}
  </div>
</form>
${
  request && selfServiceEnabled(request.application)
    ? html`<div class="form-row push-top">
  ${text('dont-have-an-account', "Don't have an account?")}
  ${link(`/oauth2/register${query}`, text('create-an-account', 'Create an account'))}
</div>`
    : ''
}`,
  });
}

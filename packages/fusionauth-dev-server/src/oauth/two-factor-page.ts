/**
 * The hosted two-factor page, after a password the Login API would answer with 242, with the
 * landmarks of FusionAuth's `oauth2/two-factor` template: `form#2fa-form`, `#code` (an authenticator
 * or recovery code), `button.blue.button` "Verify", headed "Authentication challenge". The
 * authorization request and the twoFactorId ride along in hidden fields.
 */
import { authorizationFields, type AuthorizationRequest } from './authorization-request.ts';
import { button, hiddenFields, input, type ThemedView } from './hosted-page.ts';
import { html } from '../http/html.ts';

export interface TwoFactorPageModel {
  request: AuthorizationRequest;
  twoFactorId: string;
  error?: string;
}

/** The code form. */
export function twoFactorPage(model: TwoFactorPageModel): ThemedView {
  return (text) => ({
    heading: text('two-factor-challenge', 'Authentication challenge'),
    body: html`<form id="2fa-form" action="/oauth2/two-factor" method="POST" class="full" novalidate>
  ${input({ id: 'code', name: 'code', placeholder: text('code', 'Enter your verification or recovery code'), icon: 'lock', error: model.error, autocomplete: 'one-time-code', autofocus: true })}
  ${hiddenFields({ ...authorizationFields(model.request), twoFactorId: model.twoFactorId })}
  <div class="form-row">
    ${button(text('verify', 'Verify'))}
  </div>
</form>`,
  });
}

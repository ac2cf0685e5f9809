/**
 * The hosted two-factor page, after a password that FusionAuth answered with 242: the code from the
 * authenticator app (or a recovery code). The authorization request and the twoFactorId ride along
 * in hidden fields; FusionAuth's theme posts the same `code` field to `/oauth2/two-factor`.
 */
import { authorizationFields, type AuthorizationRequest } from './authorization-request.ts';
import { field, hiddenFields, hostedPage } from './hosted-page.ts';
import { html } from '../../src/web/html.ts';

export interface TwoFactorPageModel {
  request: AuthorizationRequest;
  twoFactorId: string;
  error?: string;
}

/** Renders the code form. */
export function twoFactorPage(model: TwoFactorPageModel): string {
  return hostedPage('Enter your code', html`<section class="card narrow">
  <h1>Enter your code</h1>
  <p>Open your authenticator app and type the 6-digit code it shows, or one of your recovery codes.</p>
  <form method="post" action="/oauth2/two-factor" novalidate>
    ${hiddenFields({ ...authorizationFields(model.request), twoFactorId: model.twoFactorId })}
    ${field({ name: 'code', label: 'Code', error: model.error, autocomplete: 'one-time-code' })}
    <button type="submit">Continue</button>
  </form>
</section>`);
}

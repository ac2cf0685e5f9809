import type { Passkey } from '../fusionauth/passkey-api.ts';
import { html } from '../web/html.ts';
import { csrfField } from '../web/form-field.ts';
import { layout } from '../web/layout.ts';
import { utcTime } from '../web/utc-time.ts';

/** Where a password change lands: what still signs in without the new password. */
export const PASSWORD_CHANGED_PATH = '/account/password-changed';

export interface PasswordChangedView {
  signedInAs: string;
  csrfToken: string;
  /** How many other sessions the change signed out. */
  ended: number;
  passkeys: Passkey[];
  /** Two-factor is on: the recovery codes made before still sign in. */
  recoveryCodes: boolean;
}

/**
 * After a password change: the other sessions are gone, but a passkey or a recovery code someone else made
 * still signs in without the new password. The page lists what stays and removes it all at one click.
 */
export function passwordChangedPage(view: PasswordChangedView): string {
  const sessions =
    view.ended === 0
      ? ''
      : view.ended === 1
        ? ' 1 other session was signed out.'
        : ` ${view.ended} other sessions were signed out.`;
  const staying = view.passkeys.length > 0 || view.recoveryCodes;
  return layout(
    { title: 'Your password was changed', signedInAs: view.signedInAs, csrfToken: view.csrfToken },
    html`<section class="card narrow">
  <h1>Your password was changed</h1>
  <p class="notice" role="status">Your password was changed.${sessions}</p>
  ${
    staying
      ? html`<p>These still sign in to your account without the new password. If you did not make each of them yourself, remove them.</p>
  <ul class="staying">
    ${view.passkeys.map((passkey) => html`<li>Passkey "${passkey.name}"${passkey.createdAt === undefined ? '' : html`, added ${utcTime(passkey.createdAt)}`}</li>`)}
    ${view.recoveryCodes ? html`<li>Your recovery codes (each signs in once with your password)</li>` : ''}
  </ul>
  <form method="post" action="/account/password-changed/remove-others" novalidate>
    ${csrfField(view.csrfToken)}
    <input type="hidden" name="confirm" value="remove">
    <button type="submit" class="danger">${view.recoveryCodes ? 'Remove the passkeys and replace the recovery codes' : 'Remove the passkeys'}</button>
  </form>`
      : html`<p>No passkey or recovery code signs in to your account: the new password is the only way in.</p>`
  }
  <p><a href="/account">Back to your account</a></p>
</section>`,
  );
}

import { html, type Html } from '../web/html.ts';
import { csrfField, formField } from '../web/form-field.ts';
import { layout } from '../web/layout.ts';
import { relativeTime } from '../web/utc-time.ts';
import type { Passkey } from '../fusionauth/passkey-api.ts';

/** Both code fields on /account take the same kind of code; their labels say what each one is for. */
const CODE_HINT = 'From your authenticator app, or one of your recovery codes.';

export interface AccountView {
  signedInAs: string;
  csrfToken: string;
  twoFactorOn: boolean;
  notice?: string;
  passwordErrors?: { currentPassword?: string; password?: string; code?: string };
  disableError?: string;
  /** Null when people sign in on FusionAuth's hosted pages (LOGIN_FLOW=oauth): no passkey section. */
  passkeys: Passkey[] | null;
  passkeyError?: string;
  /** Epoch ms the page is rendered at, for the passkeys' relative times. */
  now: number;
}

/** GET /account: change the password and manage two-factor sign-in. */
export function accountPage(view: AccountView): string {
  return layout(
    { title: 'Your account', signedInAs: view.signedInAs, csrfToken: view.csrfToken, passkeys: view.passkeys !== null },
    html`<section class="card">
  <h1>Your account</h1>
  ${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
  <h2>Change your password</h2>
  <form method="post" action="/account/password" novalidate>
    ${csrfField(view.csrfToken)}
    ${formField({ name: 'currentPassword', label: 'Current password', type: 'password', error: view.passwordErrors?.currentPassword, autocomplete: 'current-password', required: true, maxLength: 256 })}
    ${formField({ name: 'password', label: 'New password', type: 'password', error: view.passwordErrors?.password, autocomplete: 'new-password', required: true, maxLength: 256 })}
    ${view.twoFactorOn || view.passwordErrors?.code ? formField({ name: 'code', id: 'field-password-code', label: 'Code to confirm the password change', hint: CODE_HINT, error: view.passwordErrors?.code, autocomplete: 'one-time-code', required: true, maxLength: 32 }) : ''}
    <button type="submit">Change password</button>
  </form>
  <p class="aside">Changing your password signs you out on every other device.</p>
  <h2>Two-factor sign-in</h2>
  ${
    view.twoFactorOn
      ? twoFactorOnSection(view)
      : html`<p>Off. Add a second step to sign-in with an authenticator app.</p>
  <p><a class="button" href="/account/two-factor">Set up an authenticator app</a></p>`
  }
  ${view.passkeys ? passkeysSection(view.passkeys, view) : ''}
</section>`,
  );
}

function twoFactorOnSection(view: AccountView): Html {
  return html`<p>On: signing in asks for a code from your authenticator app.</p>
  <form method="post" action="/account/two-factor/disable" novalidate>
    ${csrfField(view.csrfToken)}
    ${formField({ name: 'code', label: 'Code to turn off two-factor sign-in', hint: CODE_HINT, error: view.disableError, autocomplete: 'one-time-code', required: true, maxLength: 32 })}
    <button type="submit" class="danger">Turn off two-factor sign-in</button>
  </form>
  <form method="post" action="/account/two-factor/recovery-codes">
    ${csrfField(view.csrfToken)}
    <button type="submit" class="secondary">Make new recovery codes</button>
  </form>`;
}

/** The person's passkeys, each removable, and the form to add one (shown only where the browser has WebAuthn). */
function passkeysSection(passkeys: Passkey[], view: AccountView): Html {
  return html`<h2>Passkeys</h2>
  <p class="hint">A passkey signs you in with your device’s fingerprint, face or screen lock instead of your password; it cannot be phished or reused on another site.</p>
  ${
    passkeys.length === 0
      ? html`<p>No passkeys yet.</p>`
      : html`<table class="passkeys">
    <thead><tr><th scope="col">Name</th><th scope="col">Added</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
    <tbody>
    ${passkeys.map(
      (passkey) => html`<tr>
      <td>${passkey.name}</td>
      <td data-label="Added">${passkey.createdAt ? relativeTime(passkey.createdAt, view.now) : '—'}</td>
      <td data-label="Last used">${passkey.lastUsedAt ? relativeTime(passkey.lastUsedAt, view.now) : 'Never used'}</td>
      <td><a href="/account/passkeys/${passkey.id}/remove">Remove<span class="visually-hidden"> ${passkey.name}</span></a></td>
    </tr>`,
    )}
    </tbody>
  </table>`
  }
  ${view.passkeyError ? html`<p class="form-error" role="alert">${view.passkeyError}</p>` : ''}
  <div class="passkey" data-passkey hidden>
  <form method="post" action="/account/passkeys" data-passkey-register="/account/passkeys/options" novalidate>
    ${csrfField(view.csrfToken)}
    ${formField({ name: 'name', id: 'field-passkey-name', label: 'Name of the new passkey', hint: 'So you can tell your passkeys apart, e.g. "Work laptop".', required: true, maxLength: 100 })}
    <input type="hidden" name="credential" value="">
    <p class="form-error" role="alert" data-passkey-error hidden></p>
    <button type="submit">Add a passkey</button>
  </form>
  </div>`;
}

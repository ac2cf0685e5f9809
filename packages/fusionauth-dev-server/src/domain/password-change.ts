/**
 * Changing a password (https://fusionauth.io/docs/apis/users/change-password): the new hash, `passwordChangeRequired`
 * cleared, every outstanding changePasswordId dropped, and — the tenant's default
 * `jwtConfiguration.refreshTokenRevocationPolicy.onPasswordChanged` — every refresh token of the user
 * revoked, which emits `jwt.refresh-token.revoke`.
 */
import { stateOf, type DevServerContext } from '../context.ts';
import { emailTemplateFor, sendTemplatedEmail } from '../mailbox/templates.ts';
import { hashPassword } from '../passwords.ts';
import type { JsonObject, PendingId, StoredApplication, StoredUser } from '../state/model.ts';
import { markEmailVerified } from './email-verification.ts';
import { issuePendingId, removePendingIds } from './pending-ids.ts';
import { refreshTokensOf, revokeRefreshTokens } from './refresh-tokens.ts';
import { objectAt } from './settings.ts';
import { applicationView, userView } from './views.ts';

function revokesOnPasswordChange(context: DevServerContext, tenantId: string): boolean {
  const jwt = objectAt(stateOf(context).tenants[tenantId]?.config, 'jwtConfiguration');
  return objectAt(jwt, 'refreshTokenRevocationPolicy').onPasswordChanged !== false;
}

/**
 * Sets the new password. `viaEmail`: the changePasswordId was emailed, so using it proves the address
 * (implicit email verification, on by default). False when the user was deleted meanwhile.
 */
export async function changeUserPassword(
  context: DevServerContext,
  user: StoredUser,
  password: string,
  options: { viaEmail: boolean },
): Promise<boolean> {
  const hash = await hashPassword(password, context.passwordFactor);
  if (stateOf(context).users[user.id] !== user) return false;
  const now = context.now();
  Object.assign(user, { hash, passwordLastUpdateInstant: now, passwordChangeRequired: false, lastUpdateInstant: now });
  removePendingIds(context, user.id, 'change-password');
  context.store.changed();
  const implicit =
    objectAt(stateOf(context).tenants[user.tenantId]?.config, 'emailConfiguration').implicitEmailVerificationAllowed !==
    false;
  if (options.viaEmail && implicit && !user.verified) markEmailVerified(context, user);
  if (revokesOnPasswordChange(context, user.tenantId)) {
    revokeRefreshTokens(context, refreshTokensOf(context, { userId: user.id }), { kind: 'user', userId: user.id });
  }
  return true;
}

/**
 * Starts the forgot-password workflow: a changePasswordId (replacing earlier ones) and, when `send`,
 * the forgot-password email. `no-template` when an email is wanted but none is configured.
 */
export function startForgotPassword(
  context: DevServerContext,
  user: StoredUser,
  application: StoredApplication | undefined,
  send: boolean,
  state: JsonObject | undefined,
): PendingId | 'no-template' {
  const template = emailTemplateFor(context, 'forgotPasswordEmailTemplateId', user, application);
  if (send && (!template || !user.email)) return 'no-template';
  const pending = issuePendingId(
    context,
    'change-password',
    user,
    { viaEmail: send, ...(state ? { state } : {}) },
    true,
  );
  if (send && template) {
    sendTemplatedEmail(context, template, user, {
      changePasswordId: pending.id,
      user: userView(user),
      ...(application ? { application: applicationView(application) } : {}),
    });
  }
  return pending;
}

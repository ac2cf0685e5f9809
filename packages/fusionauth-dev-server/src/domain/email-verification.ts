/**
 * Email verification (https://fusionauth.io/docs/apis/users/verify-email): when the tenant has
 * `emailConfiguration.verifyEmail`, a new user (unless `skipVerification`) starts unverified and is
 * sent a `verificationId`; the Login API then answers 212 until the address is verified.
 */
import { stateOf, type DevServerContext } from '../context.ts';
import { emailTemplateFor, sendTemplatedEmail } from '../mailbox/templates.ts';
import type { PendingId, StoredApplication, StoredUser } from '../state/model.ts';
import { issuePendingId, removePendingIds } from './pending-ids.ts';
import { objectAt } from './settings.ts';
import { applicationView, userView } from './views.ts';

/** Whether the tenant verifies email addresses (`tenant.emailConfiguration.verifyEmail`, off by default). */
export function tenantVerifiesEmail(context: DevServerContext, tenantId: string): boolean {
  return objectAt(stateOf(context).tenants[tenantId]?.config, 'emailConfiguration').verifyEmail === true;
}

/**
 * Issues a new verificationId (the user's earlier ones stop working) and, when `send`, emails it with
 * the verification template. `no-template` when an email is wanted but none is configured.
 */
export function startEmailVerification(
  context: DevServerContext,
  user: StoredUser,
  application: StoredApplication | undefined,
  send: boolean,
): PendingId | 'no-template' {
  const template = emailTemplateFor(context, 'verificationEmailTemplateId', user, application);
  if (send && (!template || !user.email)) return 'no-template';
  const pending = issuePendingId(context, 'email-verification', user, { email: user.email ?? '' }, true);
  if (send && template) {
    sendTemplatedEmail(context, template, user, {
      verificationId: pending.id,
      user: userView(user),
      ...(application ? { application: applicationView(application) } : {}),
    });
  }
  return pending;
}

/** Marks the user's email verified and drops their pending verification ids. */
export function markEmailVerified(context: DevServerContext, user: StoredUser): void {
  const now = context.now();
  user.verified = true;
  user.lastUpdateInstant = now;
  removePendingIds(context, user.id, 'email-verification');
  context.store.changed();
  context.events.emit('user.update', user.tenantId, { user: userView(user) });
}

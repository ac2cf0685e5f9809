/**
 * Registration verification (https://fusionauth.io/docs/apis/registrations, "Verify a User
 * Registration" and "Resend a User Registration Verification Email"): an application with `verifyRegistration`
 * starts each new registration unverified (unless `skipRegistrationVerification`) and emails a
 * `verificationId` with the application's `verificationEmailTemplateId`; the Login API answers 213
 * until the registration is verified.
 */
import { stateOf, type DevServerContext } from '../context.ts';
import { sendTemplatedEmail } from '../mailbox/templates.ts';
import type { PendingId, Registration, StoredApplication, StoredUser } from '../state/model.ts';
import { issuePendingId, removePendingIds } from './pending-ids.ts';
import { applicationView, userView } from './views.ts';

/** Whether the application verifies its registrations (`application.verifyRegistration`, off by default). */
export function applicationVerifiesRegistrations(application: StoredApplication): boolean {
  return application.config.verifyRegistration === true;
}

/**
 * Issues a new registration verificationId (the user's earlier ones stop working) and, when `send`,
 * emails it. `no-template` when an email is wanted but the application configures none.
 */
export function startRegistrationVerification(
  context: DevServerContext,
  user: StoredUser,
  application: StoredApplication,
  send: boolean,
): PendingId | 'no-template' {
  const templateId = application.config.verificationEmailTemplateId;
  const template = typeof templateId === 'string' ? stateOf(context).emailTemplates[templateId] : undefined;
  if (send && (!template || !user.email)) return 'no-template';
  const pending = issuePendingId(context, 'registration-verification', user, { applicationId: application.id }, true);
  if (send && template) {
    sendTemplatedEmail(context, template, user, {
      verificationId: pending.id,
      user: userView(user),
      application: applicationView(application),
    });
  }
  return pending;
}

/** Marks the registration verified and drops the user's pending registration verification ids. */
export function markRegistrationVerified(
  context: DevServerContext,
  user: StoredUser,
  registration: Registration,
): void {
  const now = context.now();
  Object.assign(registration, { verified: true, verifiedInstant: now, lastUpdateInstant: now });
  removePendingIds(context, user.id, 'registration-verification');
  context.store.changed();
}

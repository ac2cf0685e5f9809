/**
 * Registration verification APIs (https://fusionauth.io/docs/apis/registrations, "Verify a User
 * Registration" and "Resend a User Registration Verification Email"):
 * - `POST /api/user/verify-registration` `{verificationId}` (or the deprecated URL segment), no auth:
 *   200, or 404 for an unknown, expired or used id;
 * - `PUT /api/user/verify-registration?email=&applicationId=`: a new verificationId, emailed; with an
 *   API key `{verificationId}` comes back and `sendVerifyRegistrationEmail=false` skips the email.
 *   404 for an unknown email or a user not registered for the application; guessed: 400
 *   `[alreadyVerified]registration` for a verified registration, 403 without an email template.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findApplication } from '../domain/applications.ts';
import { findUser, findUserByEmail, isUuid } from '../domain/lookup.ts';
import { consumePendingId, findPendingId } from '../domain/pending-ids.ts';
import { markRegistrationVerified, startRegistrationVerification } from '../domain/registration-verification.ts';
import { registrationFor } from '../domain/registrations.ts';
import { apiKeyOf, tenantFilterOf, tenantScopeOf } from '../http/auth.ts';
import {
  sendMissingVerificationId,
  verificationIdOf,
  type VerifyGeneric,
  type VerifyRoute,
} from './verification-id.ts';
import { ErrorCollector, fieldError, sendEmpty, sendErrors } from '../http/errors.ts';

/** Registers the registration verification routes. */
export function registerVerifyRegistrationRoutes(app: FastifyInstance, context: DevServerContext): void {
  const verify = async (request: VerifyRoute, reply: FastifyReply) => {
    const id = verificationIdOf(request);
    if (!id) return sendMissingVerificationId(reply);
    const pending = findPendingId(context, 'registration-verification', id);
    const user = pending && findUser(context, pending.userId);
    const registration =
      user && typeof pending.data.applicationId === 'string'
        ? registrationFor(user, pending.data.applicationId)
        : undefined;
    if (!pending || !user || !registration) return sendEmpty(reply, 404);
    consumePendingId(context, pending);
    markRegistrationVerified(context, user, registration);
    return sendEmpty(reply, 200);
  };
  app.post<VerifyGeneric>('/api/user/verify-registration', verify);
  app.post<VerifyGeneric>('/api/user/verify-registration/:verificationId', verify);

  app.put<VerifyGeneric>('/api/user/verify-registration', async (request: VerifyRoute, reply) => {
    const { email, applicationId, sendVerifyRegistrationEmail } = request.query;
    const errors = new ErrorCollector();
    if (!email) errors.field('email', 'blank', 'You must specify the [email] property.');
    if (!applicationId) errors.field('applicationId', 'blank', 'You must specify the [applicationId] property.');
    if (!email || !applicationId) return sendErrors(reply, errors.toErrors());
    const user = findUserByEmail(context, tenantFilterOf(tenantScopeOf(context, request)), email);
    const application = isUuid(applicationId) ? findApplication(context, applicationId) : undefined;
    const registration = user && application ? registrationFor(user, application.id) : undefined;
    if (!user || !application || !registration) return sendEmpty(reply, 404);
    if (registration.verified)
      return sendErrors(reply, fieldError('registration', 'alreadyVerified', 'The registration is already verified.'));
    const apiKey = apiKeyOf(context, request);
    const pending = startRegistrationVerification(
      context,
      user,
      application,
      !apiKey || sendVerifyRegistrationEmail !== 'false',
    );
    if (pending === 'no-template') return sendEmpty(reply, 403);
    return apiKey ? reply.send({ verificationId: pending.id }) : sendEmpty(reply, 200);
  });
}

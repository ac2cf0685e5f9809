/**
 * Verify Email API (https://fusionauth.io/docs/apis/users/verify-email):
 * - `POST /api/user/verify-email` `{verificationId}` (or the deprecated URL segment), no auth: 200,
 *   or 404 for an unknown, expired or used id; with an API key, `{userId}` verifies administratively;
 * - `PUT /api/user/verify-email?email=&applicationId=`: a new verificationId, emailed; with an API key
 *   `{verificationId}` comes back and `sendVerifyEmail=false` skips the email. 404 for an unknown
 *   email, 400 `[alreadyVerified]email` for a verified one, 403 when the tenant does not verify.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findApplication } from '../domain/applications.ts';
import { markEmailVerified, startEmailVerification, tenantVerifiesEmail } from '../domain/email-verification.ts';
import { findUser, findUserByEmail, isUuid } from '../domain/lookup.ts';
import { consumePendingId, findPendingId } from '../domain/pending-ids.ts';
import { apiKeyOf, tenantFilterOf, tenantScopeOf } from '../http/auth.ts';
import { bodyObject } from '../http/body.ts';
import {
  sendMissingVerificationId,
  verificationIdOf,
  type VerifyGeneric,
  type VerifyRoute,
} from './verification-id.ts';
import { fieldError, sendEmpty, sendErrors } from '../http/errors.ts';

/** Registers the Verify Email API routes. */
export function registerVerifyEmailRoutes(app: FastifyInstance, context: DevServerContext): void {
  const verify = async (request: VerifyRoute, reply: FastifyReply) => {
    const body = bodyObject(request.body);
    if (typeof body.userId === 'string' && !body.verificationId && apiKeyOf(context, request)) {
      const user = isUuid(body.userId) ? findUser(context, body.userId) : undefined;
      if (!user) return sendEmpty(reply, 404);
      markEmailVerified(context, user);
      return sendEmpty(reply, 200);
    }
    const id = verificationIdOf(request);
    if (!id) return sendMissingVerificationId(reply);
    const pending = findPendingId(context, 'email-verification', id);
    const user = pending && findUser(context, pending.userId);
    if (!pending || !user) return sendEmpty(reply, 404);
    consumePendingId(context, pending);
    markEmailVerified(context, user);
    return sendEmpty(reply, 200);
  };
  app.post<VerifyGeneric>('/api/user/verify-email', verify);
  app.post<VerifyGeneric>('/api/user/verify-email/:verificationId', verify);

  app.put<VerifyGeneric>('/api/user/verify-email', async (request: VerifyRoute, reply) => {
    const { email, applicationId, sendVerifyEmail } = request.query;
    if (!email) return sendErrors(reply, fieldError('email', 'blank', 'You must specify the [email] property.'));
    const apiKey = apiKeyOf(context, request);
    const user = findUserByEmail(context, tenantFilterOf(tenantScopeOf(context, request)), email);
    if (!user) return sendEmpty(reply, 404);
    if (!tenantVerifiesEmail(context, user.tenantId)) return sendEmpty(reply, 403);
    if (user.verified)
      return sendErrors(reply, fieldError('email', 'alreadyVerified', 'The email address is already verified.'));
    const application = isUuid(applicationId) ? findApplication(context, applicationId) : undefined;
    const pending = startEmailVerification(context, user, application, !apiKey || sendVerifyEmail !== 'false');
    if (pending === 'no-template') return sendEmpty(reply, 403);
    return apiKey ? reply.send({ verificationId: pending.id }) : sendEmpty(reply, 200);
  });
}

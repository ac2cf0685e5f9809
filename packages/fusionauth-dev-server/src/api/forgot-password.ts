/**
 * Forgot Password API: `POST /api/user/forgot-password` (https://fusionauth.io/docs/apis/users/forgot-password). Starts
 * the workflow for `loginId`: a changePasswordId (10 minutes by default) and the forgot-password email.
 * With an API key the id comes back as `{changePasswordId}` and `sendForgotPasswordEmail: false` skips
 * the email; without one there is no body. 404 for an unknown (or deactivated) user, 422 for a user
 * without an email, 403 when no forgot-password template is configured.
 */
import type { FastifyInstance } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findApplication } from '../domain/applications.ts';
import { findUserByLoginId, isUuid } from '../domain/lookup.ts';
import { startForgotPassword } from '../domain/password-change.ts';
import { apiKeyOf, tenantFilterOf, tenantScopeOf } from '../http/auth.ts';
import { bodyObject } from '../http/body.ts';
import { fieldError, sendEmpty, sendErrors } from '../http/errors.ts';

/** Registers POST /api/user/forgot-password. */
export function registerForgotPasswordRoutes(app: FastifyInstance, context: DevServerContext): void {
  app.post('/api/user/forgot-password', async (request, reply) => {
    const body = bodyObject(request.body);
    const loginId = typeof body.loginId === 'string' ? body.loginId.trim() : '';
    if (loginId === '')
      return sendErrors(reply, fieldError('loginId', 'blank', 'You must specify the [loginId] property.'));
    const apiKey = apiKeyOf(context, request);
    const applicationId = body.applicationId;
    const application = isUuid(applicationId) ? findApplication(context, applicationId) : undefined;
    const user = findUserByLoginId(context, tenantFilterOf(tenantScopeOf(context, request)), loginId);
    if (!user || !user.active) return sendEmpty(reply, 404);
    const send = !apiKey || (body.sendForgotPasswordEmail !== false && body.sendForgotPasswordMessage !== false);
    if (send && !user.email) return sendEmpty(reply, 422);
    const stateObject = bodyObject(body.state);
    const pending = startForgotPassword(
      context,
      user,
      application,
      send,
      Object.keys(stateObject).length > 0 ? stateObject : undefined,
    );
    if (pending === 'no-template') return sendEmpty(reply, 403);
    return apiKey ? reply.send({ changePasswordId: pending.id }) : sendEmpty(reply, 200);
  });
}

/**
 * Two-factor APIs (https://fusionauth.io/docs/apis/two-factor, https://fusionauth.io/docs/apis/login#complete-multi-factor-authentication):
 * - `GET /api/two-factor/secret` (API key, or the user's JWT: "Generate a Secret Using JWT"): a fresh secret,
 *   base64 and base32;
 * - `POST /api/user/two-factor/{userId}` `{method:"authenticator", code, secret|secretBase32Encoded}`:
 *   enables TOTP; 421 for a wrong code; the first method answers `{recoveryCodes}`;
 * - `DELETE /api/user/two-factor/{userId}` with `methodId` and `code` (query or body): 421 for a wrong
 *   code; a recovery code removes every method;
 * - `POST /api/user/two-factor/recovery-code/{userId}`: ten new recovery codes;
 * - `POST /api/two-factor/start` `{userId|loginId, applicationId, trustChallenge, code}` (API key): a
 *   twoFactorId for a step-up outside a login, `{code, methods, twoFactorId}`; 404 for an unknown user
 *   (completing a step-up skips the 203/212 sign-in checks: it proves a factor, it signs nobody in);
 * - `POST /api/two-factor/login` `{twoFactorId, code}`: the Login API's answers plus a `trustToken`,
 *   404 for an unknown or expired twoFactorId, 421 for a wrong code (the twoFactorId stays usable until
 *   it expires). The code is a TOTP, a recovery code, or the code the start answered with (FusionAuth
 *   sends that one by email or SMS).
 */
import { randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findApplication } from '../domain/applications.ts';
import { checkLoginPolicies } from '../domain/authenticate.ts';
import { findUser, findUserByLoginId, isUuid } from '../domain/lookup.ts';
import { consumePendingId, findPendingId, issuePendingId } from '../domain/pending-ids.ts';
import { issueTrustToken } from '../domain/trust-tokens.ts';
import {
  addAuthenticator,
  checkTwoFactorCode,
  generateTwoFactorSecret,
  hasTwoFactor,
  isValidTotp,
  readSecret,
  regenerateRecoveryCodes,
  removeTwoFactorMethods,
  twoFactorMethodsView,
} from '../domain/two-factor.ts';
import { apiKeyOf, jwtClaimsOf, requireApiKey, tenantFilterOf, tenantScopeOf } from '../http/auth.ts';
import { bodyObject } from '../http/body.ts';
import { ErrorCollector, fieldError, generalError, sendEmpty, sendErrors } from '../http/errors.ts';
import { userParam } from '../http/params.ts';
import { sendLoginOutcome } from './login-response.ts';

interface UserGeneric {
  Params: { userId: string };
  Querystring: Record<string, string | undefined>;
}
type UserRoute = FastifyRequest<UserGeneric>;

/** Registers the two-factor routes. */
export function registerTwoFactorRoutes(app: FastifyInstance, context: DevServerContext): void {
  const apiKey = { onRequest: requireApiKey(context) };

  app.get('/api/two-factor/secret', async (request, reply) => {
    if (!apiKeyOf(context, request) && !(await jwtClaimsOf(context, request))) return sendEmpty(reply, 401);
    return reply.send(generateTwoFactorSecret());
  });

  app.post<UserGeneric>('/api/user/two-factor/:userId', apiKey, async (request: UserRoute, reply) => {
    const user = userParam(context, reply, request.params.userId);
    if (!user) return reply;
    const body = bodyObject(request.body);
    const code = typeof body.code === 'string' ? body.code.trim() : '';
    const secret = readSecret(body.secret, body.secretBase32Encoded);
    const errors = new ErrorCollector();
    if (body.method !== 'authenticator')
      errors.field('method', body.method ? 'invalid' : 'blank', 'The [method] must be [authenticator] on this server.');
    if (code === '') errors.field('code', 'blank', 'You must specify the [code] property.');
    if (!secret) errors.field('secret', 'blank', 'You must specify the [secret] or [secretBase32Encoded] property.');
    if (!errors.empty || !secret) return sendErrors(reply, errors.toErrors());
    if (!isValidTotp(context, secret, code)) return sendEmpty(reply, 421);
    const { recoveryCodes } = addAuthenticator(
      context,
      user,
      secret,
      typeof body.name === 'string' ? body.name : undefined,
    );
    return recoveryCodes ? reply.send({ recoveryCodes }) : sendEmpty(reply, 200);
  });

  app.delete<UserGeneric>('/api/user/two-factor/:userId', apiKey, async (request: UserRoute, reply) => {
    const user = userParam(context, reply, request.params.userId);
    if (!user) return reply;
    const body = bodyObject(request.body);
    const code = request.query.code ?? (typeof body.code === 'string' ? body.code : '');
    const methodId = request.query.methodId ?? (typeof body.methodId === 'string' ? body.methodId : undefined);
    if (!code) return sendErrors(reply, generalError('[blank]code', 'You must specify the [code] property.'));
    const checked = checkTwoFactorCode(context, user, code, methodId);
    if (!checked) return sendEmpty(reply, 421);
    removeTwoFactorMethods(context, user, methodId, checked.kind === 'recovery');
    return sendEmpty(reply, 200);
  });

  app.post<UserGeneric>('/api/user/two-factor/recovery-code/:userId', apiKey, async (request: UserRoute, reply) => {
    const user = userParam(context, reply, request.params.userId);
    if (!user) return reply;
    if (!hasTwoFactor(user))
      return sendErrors(
        reply,
        generalError('[TwoFactorNotEnabled]', 'Two-factor authentication is not enabled for this user.'),
      );
    return reply.send({ recoveryCodes: regenerateRecoveryCodes(context, user) });
  });

  app.post('/api/two-factor/start', apiKey, async (request, reply) => {
    const body = bodyObject(request.body);
    const loginId = typeof body.loginId === 'string' ? body.loginId : '';
    if (!isUuid(body.userId) && loginId === '')
      return sendErrors(
        reply,
        fieldError('loginId', 'blank', 'You must specify either the [loginId] or the [userId] property.'),
      );
    const user = isUuid(body.userId)
      ? findUser(context, body.userId)
      : findUserByLoginId(context, tenantFilterOf(tenantScopeOf(context, request)), loginId);
    if (!user) return sendEmpty(reply, 404);
    const code =
      typeof body.code === 'string' && body.code !== '' ? body.code : String(randomInt(1_000_000)).padStart(6, '0');
    const pending = issuePendingId(context, 'two-factor', user, {
      stepUp: true,
      code,
      ...(isUuid(body.applicationId) ? { applicationId: body.applicationId } : {}),
      ...(typeof body.trustChallenge === 'string' ? { trustChallenge: body.trustChallenge } : {}),
    });
    return reply.send({ code, methods: twoFactorMethodsView(user), twoFactorId: pending.id });
  });

  app.post('/api/two-factor/login', async (request, reply) => {
    const body = bodyObject(request.body);
    const code = typeof body.code === 'string' ? body.code : '';
    const pending = findPendingId(
      context,
      'two-factor',
      typeof body.twoFactorId === 'string' ? body.twoFactorId : undefined,
    );
    const user = pending && findUser(context, pending.userId);
    if (!pending || !user) return sendEmpty(reply, 404);
    const startCode = typeof pending.data.code === 'string' && code.trim() === pending.data.code;
    if (!code || !(startCode || checkTwoFactorCode(context, user, code))) return sendEmpty(reply, 421);
    consumePendingId(context, pending);
    const applicationId = isUuid(body.applicationId) ? body.applicationId : pending.data.applicationId;
    const application = typeof applicationId === 'string' ? findApplication(context, applicationId) : undefined;
    const stepUp = pending.data.stepUp === true;
    const outcome = user.active
      ? checkLoginPolicies(context, user, application, { secondFactorDone: true, stepUp })
      : { kind: 'locked' as const };
    return sendLoginOutcome(context, reply, outcome, {
      noJWT: body.noJWT === true,
      ipAddress: typeof body.ipAddress === 'string' ? body.ipAddress : request.ip,
      metaData: bodyObject(body.metaData),
      authenticationType: 'PASSWORD',
      extra: { trustToken: issueTrustToken(context, user, pending.data.trustChallenge) },
    });
  });
}

/**
 * Two-factor APIs [DOC apis/two-factor/*, apis/login.mdx "Complete multi-factor authentication"]:
 * - `GET /api/two-factor/secret`: a fresh secret, base64 and base32;
 * - `POST /api/user/two-factor/{userId}` `{method:"authenticator", code, secret|secretBase32Encoded}`:
 *   enables TOTP; 421 for a wrong code; the first method answers `{recoveryCodes}`;
 * - `DELETE /api/user/two-factor/{userId}` with `methodId` and `code` (query or body): 421 for a wrong
 *   code; a recovery code removes every method;
 * - `POST /api/user/two-factor/recovery-code/{userId}`: ten new recovery codes;
 * - `POST /api/two-factor/login` `{twoFactorId, code}`: the Login API's answers, 404 for an unknown or
 *   expired twoFactorId, 421 for a wrong code (the twoFactorId stays usable until it expires).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { stateOf, type DevServerContext } from '../context.ts';
import { checkLoginPolicies } from '../domain/authenticate.ts';
import { isUuid } from '../domain/lookup.ts';
import { consumePendingId, findPendingId } from '../domain/pending-ids.ts';
import {
  addAuthenticator, checkTwoFactorCode, generateTwoFactorSecret, hasTwoFactor, isValidTotp, readSecret, regenerateRecoveryCodes,
  removeTwoFactorMethods,
} from '../domain/two-factor.ts';
import { requireApiKey } from '../http/auth.ts';
import { bodyObject } from '../http/body.ts';
import { ErrorCollector, generalError, sendEmpty, sendErrors } from '../http/errors.ts';
import { userParam } from '../http/params.ts';
import { sendLoginOutcome } from './login-response.ts';

interface UserGeneric { Params: { userId: string }; Querystring: Record<string, string | undefined> }
type UserRoute = FastifyRequest<UserGeneric>;

/** Registers the two-factor routes. */
export function registerTwoFactorRoutes(app: FastifyInstance, context: DevServerContext): void {
  const apiKey = { onRequest: requireApiKey(context) };

  app.get('/api/two-factor/secret', apiKey, async (_request, reply) => reply.send(generateTwoFactorSecret()));

  app.post<UserGeneric>('/api/user/two-factor/:userId', apiKey, async (request: UserRoute, reply) => {
    const user = userParam(context, reply, request.params.userId);
    if (!user) return reply;
    const body = bodyObject(request.body);
    const code = typeof body.code === 'string' ? body.code.trim() : '';
    const secret = readSecret(body.secret, body.secretBase32Encoded);
    const errors = new ErrorCollector();
    if (body.method !== 'authenticator') errors.field('method', body.method ? 'invalid' : 'blank', 'The [method] must be [authenticator] on this server.');
    if (code === '') errors.field('code', 'blank', 'You must specify the [code] property.');
    if (!secret) errors.field('secret', 'blank', 'You must specify the [secret] or [secretBase32Encoded] property.');
    if (!errors.empty || !secret) return sendErrors(reply, errors.toErrors());
    if (!isValidTotp(context, secret, code)) return sendEmpty(reply, 421);
    const { recoveryCodes } = addAuthenticator(context, user, secret, typeof body.name === 'string' ? body.name : undefined);
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
    if (!hasTwoFactor(user)) return sendErrors(reply, generalError('[TwoFactorNotEnabled]', 'Two-factor authentication is not enabled for this user.'));
    return reply.send({ recoveryCodes: regenerateRecoveryCodes(context, user) });
  });

  app.post('/api/two-factor/login', async (request, reply) => {
    const body = bodyObject(request.body);
    const code = typeof body.code === 'string' ? body.code : '';
    const pending = findPendingId(context, 'two-factor', typeof body.twoFactorId === 'string' ? body.twoFactorId : undefined);
    const user = pending && stateOf(context).users[pending.userId];
    if (!pending || !user) return sendEmpty(reply, 404);
    if (!code || !checkTwoFactorCode(context, user, code)) return sendEmpty(reply, 421);
    consumePendingId(context, pending);
    const applicationId = isUuid(body.applicationId) ? body.applicationId : pending.data.applicationId;
    const application = typeof applicationId === 'string' ? stateOf(context).applications[applicationId] : undefined;
    const outcome = user.active ? checkLoginPolicies(context, user, application, { secondFactorDone: true }) : { kind: 'locked' as const };
    return sendLoginOutcome(context, reply, outcome, {
      noJWT: body.noJWT === true,
      ipAddress: typeof body.ipAddress === 'string' ? body.ipAddress : request.ip,
      metaData: bodyObject(body.metaData),
      authenticationType: 'PASSWORD',
    });
  });
}

/**
 * Change Password API (https://fusionauth.io/docs/apis/users/change-password):
 * - with a `changePasswordId` (body, or the deprecated URL segment; no auth): 404 when unknown,
 *   expired or used, or when a given `currentPassword` is wrong;
 * - with a JWT (no API key) and `currentPassword`: 404 when the current password is wrong;
 * - with an API key and `loginId`: 400 when the login id or current password is wrong, no body.
 * 200 carries `{oneTimePassword}` (for the Login API) except in the API-key form. The tenant's
 * password rules apply (400 `[tooShort]password`…). A user with two-factor on needs a `trustToken`
 * (domain/trust-tokens.ts), else 400 `[TrustTokenRequired]`.
 * The checks (https://fusionauth.io/docs/apis/users/change-password): `GET /api/user/change-password/{id}`,
 * `GET /api/user/change-password?loginId=` (API key) or with a JWT: 200, 400 `[TrustTokenRequired]`,
 * 404 (unknown or expired id, unknown user), 401 (no valid JWT).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findUser, findUserByLoginId, readLoginIdTypes } from '../domain/lookup.ts';
import { changeUserPassword } from '../domain/password-change.ts';
import { checkPasswordRules } from '../domain/password-rules.ts';
import { consumePendingId, findPendingId, issuePendingId } from '../domain/pending-ids.ts';
import { findTenant } from '../domain/tenants.ts';
import { checkTrust, TRUST_TOKEN_REQUIRED } from '../domain/trust-tokens.ts';
import { apiKeyOf, jwtClaimsOf, tenantFilterOf, tenantScopeOf } from '../http/auth.ts';
import { bodyObject } from '../http/body.ts';
import { ErrorCollector, fieldError, sendEmpty, sendErrors } from '../http/errors.ts';
import { verifyPassword } from '../passwords.ts';
import type { JsonObject, StoredUser } from '../state/model.ts';

interface ChangeGeneric {
  Params: { changePasswordId?: string };
  Querystring: { loginId?: string; loginIdTypes?: string | string[] };
}
type ChangeRoute = FastifyRequest<ChangeGeneric>;

function text(body: JsonObject, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Registers the Change Password API routes. */
export function registerChangePasswordRoutes(app: FastifyInstance, context: DevServerContext): void {
  const change = (request: ChangeRoute, reply: FastifyReply) => changePassword(context, request, reply);
  app.post<ChangeGeneric>('/api/user/change-password', change);
  app.post('/api/user/change-password/:changePasswordId', change);

  const check = async (request: ChangeRoute, reply: FastifyReply) => {
    const user = await userToCheck(context, request);
    if (user === 'unauthorized' || !user) return sendEmpty(reply, user ? 401 : 404);
    return checkTrust(context, user, {}) === 'required'
      ? sendErrors(reply, TRUST_TOKEN_REQUIRED)
      : sendEmpty(reply, 200);
  };
  app.get<ChangeGeneric>('/api/user/change-password/:changePasswordId', check);
  app.get<ChangeGeneric>('/api/user/change-password', check);
}

/** Whose password change a check asks about: by changePasswordId, by loginId with an API key, or by JWT. */
async function userToCheck(
  context: DevServerContext,
  request: ChangeRoute,
): Promise<StoredUser | undefined | 'unauthorized'> {
  const { changePasswordId } = request.params;
  if (changePasswordId !== undefined) {
    const pending = findPendingId(context, 'change-password', changePasswordId);
    return pending && findUser(context, pending.userId);
  }
  if (apiKeyOf(context, request)) {
    const loginId = request.query.loginId ?? '';
    const types = readLoginIdTypes(request.query.loginIdTypes) ?? [];
    return findUserByLoginId(context, tenantFilterOf(tenantScopeOf(context, request)), loginId, types);
  }
  const claims = await jwtClaimsOf(context, request);
  if (!claims) return 'unauthorized';
  return claims.sub ? findUser(context, claims.sub) : undefined;
}

async function changePassword(
  context: DevServerContext,
  request: ChangeRoute,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const body = bodyObject(request.body);
  const password = text(body, 'password');
  const currentPassword = text(body, 'currentPassword');
  const changePasswordId = text(body, 'changePasswordId') ?? request.params.changePasswordId;
  const apiKey = apiKeyOf(context, request);

  let user: StoredUser | undefined;
  let viaEmail = false;
  if (changePasswordId) {
    const pending = findPendingId(context, 'change-password', changePasswordId);
    user = pending && findUser(context, pending.userId);
    if (!pending || !user) return sendEmpty(reply, 404);
    viaEmail = pending.data.viaEmail === true;
  } else if (text(body, 'loginId') && apiKey) {
    const types = readLoginIdTypes(body.loginIdTypes) ?? [];
    user = findUserByLoginId(
      context,
      tenantFilterOf(tenantScopeOf(context, request)),
      text(body, 'loginId') ?? '',
      types,
    );
    if (!user) return sendErrors(reply, fieldError('loginId', 'invalid', 'The [loginId] is not valid.'));
  } else {
    const claims = apiKey ? null : await jwtClaimsOf(context, request);
    user = claims?.sub ? findUser(context, claims.sub) : undefined;
    if (!claims) return sendEmpty(reply, 401);
    if (!user) return sendEmpty(reply, 404);
    if (!currentPassword)
      return sendErrors(
        reply,
        fieldError('currentPassword', 'blank', 'You must specify the [currentPassword] property.'),
      );
  }

  const trust = checkTrust(context, user, body);
  if (trust === 'required') return sendErrors(reply, TRUST_TOKEN_REQUIRED);
  const errors = new ErrorCollector();
  if (!password) errors.field('password', 'blank', 'You must specify the [password] property.');
  else checkPasswordRules(findTenant(context, user.tenantId), password, 'password', errors);
  if (!errors.empty || !password) return sendErrors(reply, errors.toErrors());
  if (currentPassword !== undefined && !(user.hash && (await verifyPassword(currentPassword, user.hash)))) {
    // With an API key a wrong current password is a 400 (since 1.43.0); otherwise a 404.
    if (apiKey && !changePasswordId)
      return sendErrors(reply, fieldError('currentPassword', 'invalid', 'The [currentPassword] does not match.'));
    return sendEmpty(reply, 404);
  }
  if (changePasswordId) {
    const pending = findPendingId(context, 'change-password', changePasswordId);
    if (!pending) return sendEmpty(reply, 404);
    consumePendingId(context, pending);
  }
  if (trust !== 'not-needed') consumePendingId(context, trust);
  if (!(await changeUserPassword(context, user, password, { viaEmail }))) return sendEmpty(reply, 404);
  if (apiKey && !changePasswordId) return sendEmpty(reply, 200);
  const oneTimePassword = issuePendingId(context, 'one-time-password', user);
  return reply.send({ oneTimePassword: oneTimePassword.id });
}

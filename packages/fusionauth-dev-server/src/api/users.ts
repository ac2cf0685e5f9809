/**
 * User API (https://fusionauth.io/docs/apis/users): create, retrieve (by id, email, loginId, username, changePasswordId, or the JWT's own
 * user), update (PUT replaces, PATCH merges), DELETE = deactivate unless `hardDelete`, and
 * PUT `?reactivate=true`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import {
  findUser,
  findUserByEmail,
  findUserByLoginId,
  findUserByUsername,
  INVALID_LOGIN_ID_TYPES_MESSAGE,
  readLoginIdTypes,
} from '../domain/lookup.ts';
import { findPendingId } from '../domain/pending-ids.ts';
import { readUserInput } from '../domain/user-input.ts';
import { deactivateUser, deleteUser, draftUser, insertUser, reactivateUser, replaceUser } from '../domain/users.ts';
import { userView } from '../domain/views.ts';
import { apiKeyOf, jwtClaimsOf, requireApiKey, tenantFilterOf, tenantForCreate, tenantScopeOf } from '../http/auth.ts';
import { bodyObject, bodyPart } from '../http/body.ts';
import { ErrorCollector, fieldError, sendEmpty, sendErrors } from '../http/errors.ts';
import { userParam } from '../http/params.ts';
import { applyPatch } from '../http/patch.ts';
import type { StoredUser } from '../state/model.ts';
import { issueAccessToken } from '../tokens/access-token.ts';

interface UserGeneric {
  Params: { userId?: string };
  Querystring: Record<string, string | string[] | undefined>;
}
type UserRoute = FastifyRequest<UserGeneric>;

const MISSING_USER = fieldError(
  'user',
  'missing',
  'Your request is missing the User information as JSON in the entity-body.',
);

/** Registers the User API routes. */
export function registerUserRoutes(app: FastifyInstance, context: DevServerContext): void {
  const apiKey = { onRequest: requireApiKey(context) };

  app.get('/api/user', (request: UserRoute, reply) => retrieveByQuery(context, request, reply));

  app.get('/api/user/:userId', apiKey, async (request: UserRoute, reply) => {
    const user = userParam(context, reply, request.params.userId ?? '');
    return user ? reply.send({ user: userView(user) }) : reply;
  });

  const create = async (request: UserRoute, reply: FastifyReply) => {
    const input = bodyPart(request.body, 'user');
    if (!input) return sendErrors(reply, MISSING_USER);
    const resolved = tenantForCreate(tenantScopeOf(context, request));
    if ('errors' in resolved) return sendErrors(reply, resolved.errors);
    const errors = new ErrorCollector();
    const passwordRequired = bodyObject(request.body).sendSetPasswordEmail !== true;
    const draft = draftUser(
      context,
      resolved.tenant.id,
      readUserInput(input),
      { id: request.params.userId, passwordRequired },
      errors,
    );
    if (!draft) return sendErrors(reply, errors.toErrors());
    const user = await insertUser(context, draft, [], {
      skipVerification: bodyObject(request.body).skipVerification === true,
    });
    const access = await issueAccessToken(context, {
      user,
      authenticationType: 'USER_CREATE',
      authInstant: context.now(),
    });
    return reply.send({ token: access.token, tokenExpirationInstant: access.expirationInstant, user: userView(user) });
  };
  app.post<UserGeneric>('/api/user', apiKey, create);
  app.post<UserGeneric>('/api/user/:userId', apiKey, create);

  app.put('/api/user/:userId', apiKey, async (request: UserRoute, reply) => {
    const user = userParam(context, reply, request.params.userId ?? '');
    if (!user) return reply;
    if (request.query.reactivate === 'true') {
      reactivateUser(context, user);
      return reply.send({ user: userView(user) });
    }
    const input = bodyPart(request.body, 'user');
    return input ? update(context, reply, user, input) : sendErrors(reply, MISSING_USER);
  });

  app.patch('/api/user/:userId', apiKey, async (request: UserRoute, reply) => {
    const user = userParam(context, reply, request.params.userId ?? '');
    if (!user) return reply;
    const merged = bodyPart(applyPatch(request, { user: userView(user, false) }, bodyObject(request.body)), 'user');
    return update(context, reply, user, merged ?? {});
  });

  app.delete('/api/user/:userId', apiKey, async (request: UserRoute, reply) => {
    const user = userParam(context, reply, request.params.userId ?? '');
    if (!user) return reply;
    const hard = request.query.hardDelete === 'true' || bodyObject(request.body).hardDelete === true;
    if (hard) deleteUser(context, user);
    else deactivateUser(context, user);
    return sendEmpty(reply, 200);
  });
}

async function update(
  context: DevServerContext,
  reply: FastifyReply,
  user: StoredUser,
  input: Parameters<typeof readUserInput>[0],
) {
  const result = await replaceUser(context, user, readUserInput(input));
  if (result.kind === 'gone') return sendEmpty(reply, 404);
  if (result.kind === 'invalid') return sendErrors(reply, result.errors);
  return reply.send({ user: userView(result.user) });
}

const INVALID_LOGIN_ID_TYPES = fieldError('loginIdTypes', 'invalid', INVALID_LOGIN_ID_TYPES_MESSAGE);

/** The first value of each query parameter (a repeated one arrives as an array). */
function singleValues(query: UserGeneric['Querystring']): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(query).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
  );
}

/**
 * GET /api/user: with an API key, by `email`, `loginId` (compared with the `loginIdTypes` listed) or `username`; with a JWT (Bearer or the
 * access_token cookie) and no API key, the token's own user (DOC-old "retrieve user using JWT").
 */
async function retrieveByQuery(context: DevServerContext, request: UserRoute, reply: FastifyReply) {
  if (!apiKeyOf(context, request)) {
    const claims = await jwtClaimsOf(context, request);
    const user = claims?.sub ? findUser(context, claims.sub) : undefined;
    if (!claims) return sendEmpty(reply, 401);
    return user ? reply.send({ user: userView(user) }) : sendEmpty(reply, 404);
  }
  const tenantId = tenantFilterOf(tenantScopeOf(context, request));
  const { email, loginId, username, changePasswordId } = singleValues(request.query);
  const loginIdTypes = readLoginIdTypes(request.query.loginIdTypes);
  if (!loginIdTypes) return sendErrors(reply, INVALID_LOGIN_ID_TYPES);
  let user: StoredUser | undefined;
  if (email) user = findUserByEmail(context, tenantId, email);
  else if (loginId) user = findUserByLoginId(context, tenantId, loginId, loginIdTypes);
  else if (username) user = findUserByUsername(context, tenantId, username);
  else if (changePasswordId)
    user = findUser(context, findPendingId(context, 'change-password', changePasswordId)?.userId ?? '');
  return user ? reply.send({ user: userView(user) }) : sendEmpty(reply, 404);
}

/**
 * Passkeys of a user (https://fusionauth.io/docs/apis/webauthn/retrieve-a-passkey,
 * https://fusionauth.io/docs/apis/webauthn/delete-a-passkey): `GET` and `DELETE` `/api/webauthn/{id}` and
 * `/api/webauthn?userId=`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findUser, isUuid } from '../domain/lookup.ts';
import {
  credentialsOfUser,
  findCredential,
  credentialView,
  deleteCredentials,
} from '../domain/webauthn-credentials.ts';
import { requireApiKey } from '../http/auth.ts';
import { fieldError, generalError, sendEmpty, sendErrors } from '../http/errors.ts';
import { checkUuidParam } from '../http/params.ts';
import type { StoredWebAuthnCredential } from '../state/model.ts';

type ByIdRequest = FastifyRequest<{ Params: { id: string } }>;
type ByUserRequest = FastifyRequest<{ Querystring: { userId?: string } }>;

/** Registers the retrieve and delete routes. */
export function registerWebAuthnCredentialRoutes(app: FastifyInstance, context: DevServerContext): void {
  const apiKey = { onRequest: requireApiKey(context) };
  const byId = (request: ByIdRequest, reply: FastifyReply): StoredWebAuthnCredential | null => {
    if (!checkUuidParam(reply, 'id', request.params.id)) return null;
    const credential = findCredential(context, request.params.id);
    if (!credential) sendEmpty(reply, 404);
    return credential ?? null;
  };
  const byUser = (request: ByUserRequest, reply: FastifyReply): StoredWebAuthnCredential[] | null => {
    const userId = request.query.userId;
    if (userId === undefined || userId === '') {
      sendErrors(reply, generalError('[invalid]', 'You must specify either the [id] or the [userId] parameter.'));
      return null;
    }
    if (!isUuid(userId) || !findUser(context, userId)) {
      sendErrors(reply, fieldError('userId', 'invalid', `The [userId] parameter [${userId}] does not name a user.`));
      return null;
    }
    return credentialsOfUser(context, userId);
  };

  app.get('/api/webauthn/:id', apiKey, async (request: ByIdRequest, reply) => {
    const credential = byId(request, reply);
    return credential ? reply.send({ credential: credentialView(credential) }) : reply;
  });
  app.get('/api/webauthn', apiKey, async (request: ByUserRequest, reply) => {
    const credentials = byUser(request, reply);
    return credentials ? reply.send({ credentials: credentials.map(credentialView) }) : reply;
  });
  app.delete('/api/webauthn/:id', apiKey, async (request: ByIdRequest, reply) => {
    const credential = byId(request, reply);
    if (!credential) return reply;
    deleteCredentials(context, [credential]);
    return sendEmpty(reply, 200);
  });
  app.delete('/api/webauthn', apiKey, async (request: ByUserRequest, reply) => {
    const credentials = byUser(request, reply);
    if (!credentials) return reply;
    deleteCredentials(context, credentials);
    return sendEmpty(reply, 200);
  });
}

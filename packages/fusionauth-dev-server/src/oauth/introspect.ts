/**
 * `POST /oauth2/introspect` (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints#introspect):
 * form `client_id` and `token`. A valid access token gives `{"active":true, …its claims}`, a live
 * refresh token `{"active":true, exp, sub, …}`, anything else `{"active":false}`. A token issued to
 * another client is a 401, as FusionAuth documents.
 */
import type { FastifyInstance } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findRefreshToken } from '../domain/lookup.ts';
import { bodyObject } from '../http/body.ts';
import { verifyAccessToken } from '../tokens/access-token.ts';
import { authenticateClient, findClient } from './clients.ts';
import { sendOAuthError } from './oauth-errors.ts';

const WRONG_CLIENT = {
  error: 'invalid_client',
  error_reason: 'invalid_client_id',
  error_description: 'The token was not issued to this client.',
};

/** Registers POST /oauth2/introspect. */
export function registerIntrospectRoutes(app: FastifyInstance, context: DevServerContext): void {
  app.post('/oauth2/introspect', async (request, reply) => {
    const body = bodyObject(request.body);
    const token = typeof body.token === 'string' ? body.token : '';
    const sentCredentials = Boolean(request.headers.authorization) || typeof body.client_secret === 'string';
    const client = sentCredentials ? authenticateClient(context, request, body, false) : null;
    if (client?.kind === 'failed') return sendOAuthError(reply, client.status, client.error);
    const application =
      client?.application ?? findClient(context, typeof body.client_id === 'string' ? body.client_id : undefined);
    if (!application)
      return sendOAuthError(reply, 400, {
        error: 'invalid_request',
        error_reason: 'invalid_client_id',
        error_description: 'A valid client_id is required.',
      });
    const claims = token ? await verifyAccessToken(context, token) : null;
    if (claims) {
      if (claims.aud !== application.id) return sendOAuthError(reply, 401, WRONG_CLIENT);
      return reply.header('cache-control', 'no-store').send({ active: true, ...claims });
    }
    const refresh = token ? findRefreshToken(context, token) : undefined;
    if (refresh && refresh.applicationId !== application.id) return sendOAuthError(reply, 401, WRONG_CLIENT);
    if (refresh) {
      return reply.header('cache-control', 'no-store').send({
        active: true,
        exp: Math.floor(refresh.expiresInstant / 1000),
        iat: Math.floor(refresh.insertInstant / 1000),
        sub: refresh.userId,
        aud: application.id,
        tid: refresh.tenantId,
        token_type: 'refresh_token',
      });
    }
    return reply.header('cache-control', 'no-store').send({ active: false });
  });
}

/**
 * `POST /oauth2/token` (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints#token), form-encoded,
 * client_secret_basic or client_secret_post: checks the `grant_type` (grant-types.ts), the parameters the dev
 * server lacks, the client and whether the application enables the grant, then hands over to the grant:
 * `authorization_code` (with PKCE), `password` or `refresh_token`; `client_credentials`, whose client is an
 * Entity, goes its own way.
 */
import type { FastifyInstance } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { bodyObject } from '../http/body.ts';
import { authenticateClient, isGrantEnabled } from './clients.ts';
import { exchangeClientCredentials } from './client-credentials-grant.ts';
import { exchangeAuthorizationCode } from './code-grant.ts';
import { checkGrantType, unsupportedParameterError } from './grant-types.ts';
import { sendOAuthError } from './oauth-errors.ts';
import { exchangeUserCredentials } from './password-grant.ts';
import { exchangeRefreshTokenGrant } from './refresh-grant.ts';
import { formText } from './token-response.ts';

/** Registers POST /oauth2/token. */
export function registerTokenRoutes(app: FastifyInstance, context: DevServerContext): void {
  app.post('/oauth2/token', async (request, reply) => {
    const body = bodyObject(request.body);
    const grant = checkGrantType(formText(body, 'grant_type'));
    if (grant.kind === 'refused') return sendOAuthError(reply, 400, grant.error);
    const lacking = unsupportedParameterError(body);
    if (lacking) return sendOAuthError(reply, 400, lacking);
    const grantType = grant.grantType;
    // Its client is an Entity, not an application.
    if (grantType === 'client_credentials') return exchangeClientCredentials(context, request, reply, body);
    const usesPkce = grantType === 'authorization_code' && formText(body, 'code_verifier') !== undefined;
    const client = authenticateClient(context, request, body, usesPkce);
    if (client.kind === 'failed') return sendOAuthError(reply, client.status, client.error);
    if (!isGrantEnabled(client.application, grantType)) {
      return sendOAuthError(reply, 400, {
        error: 'unauthorized_client',
        error_reason: 'grant_type_disabled',
        error_description: `The ${grantType} grant is not enabled for this application.`,
      });
    }
    switch (grantType) {
      case 'authorization_code':
        return exchangeAuthorizationCode(context, reply, client.application, body);
      case 'password':
        return exchangeUserCredentials(context, request, reply, client.application, body);
      case 'refresh_token':
        return exchangeRefreshTokenGrant(context, reply, client.application, body);
    }
  });
}

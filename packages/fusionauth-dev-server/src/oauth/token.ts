/**
 * `POST /oauth2/token` (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints#token): the `authorization_code` grant (with PKCE)
 * and the `refresh_token` grant, form-encoded, client_secret_basic or client_secret_post. Answers in
 * FusionAuth's shape: access_token, expires_in, id_token (with `openid`), refresh_token (with
 * `offline_access` when the application generates them), refresh_token_id, scope, token_type, userId.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findRefreshToken, findUser } from '../domain/lookup.ts';
import { issueRefreshToken } from '../domain/refresh-tokens.ts';
import { registrationFor } from '../domain/registrations.ts';
import { exchangeRefreshToken } from '../domain/token-refresh.ts';
import { bodyObject } from '../http/body.ts';
import type { JsonObject, StoredApplication } from '../state/model.ts';
import { issueAccessToken } from '../tokens/access-token.ts';
import { redeemAuthorizationCode, type AuthorizationGrant } from './authorization-codes.ts';
import { authenticateClient, isGrantEnabled, oauthConfigurationOf } from './clients.ts';
import { issueIdToken } from './id-token.ts';
import { AUTH_CODE_NOT_FOUND, sendOAuthError } from './oauth-errors.ts';
import { parseScopes, type Scope } from './scopes.ts';

function text(body: JsonObject, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** RFC 7636 section 4.6: BASE64URL(SHA256(code_verifier)) must equal the challenge. */
function verifierMatches(verifier: string | undefined, challenge: string | undefined): boolean {
  if (challenge === undefined) return verifier === undefined;
  if (verifier === undefined || !/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return false;
  return createHash('sha256').update(verifier, 'ascii').digest('base64url') === challenge;
}

function sendTokens(reply: FastifyReply, body: Record<string, unknown>): FastifyReply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(body);
}

function expiresIn(context: DevServerContext, expirationInstant: number): number {
  return Math.max(0, Math.round((expirationInstant - context.now()) / 1000));
}

/** Registers POST /oauth2/token. */
export function registerTokenRoutes(app: FastifyInstance, context: DevServerContext): void {
  app.post('/oauth2/token', async (request, reply) => {
    const body = bodyObject(request.body);
    const grantType = text(body, 'grant_type');
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
      return sendOAuthError(
        reply,
        400,
        grantType
          ? {
              error: 'unsupported_grant_type',
              error_reason: 'invalid_grant_type',
              error_description: `Unsupported grant_type [${grantType}].`,
            }
          : {
              error: 'invalid_request',
              error_reason: 'missing_grant_type',
              error_description: 'The grant_type parameter is required.',
            },
      );
    }
    const client = authenticateClient(context, request, body, text(body, 'code_verifier') !== undefined);
    if (client.kind === 'failed') return sendOAuthError(reply, client.status, client.error);
    if (!isGrantEnabled(client.application, grantType)) {
      return sendOAuthError(reply, 400, {
        error: 'unauthorized_client',
        error_reason: 'grant_type_disabled',
        error_description: `The ${grantType} grant is not enabled for this application.`,
      });
    }
    return grantType === 'authorization_code'
      ? exchangeCode(context, reply, client.application, body)
      : refresh(context, reply, client.application, body);
  });
}

/** The grant behind the code, when every binding holds; the code is gone either way. */
function redeem(
  context: DevServerContext,
  application: StoredApplication,
  body: JsonObject,
): AuthorizationGrant | undefined {
  const code = text(body, 'code');
  const grant = code ? redeemAuthorizationCode(context, code) : undefined;
  if (!grant) return undefined;
  const bound =
    grant.applicationId === application.id &&
    grant.redirectUri === text(body, 'redirect_uri') &&
    verifierMatches(text(body, 'code_verifier'), grant.codeChallenge);
  return bound ? grant : undefined;
}

async function exchangeCode(
  context: DevServerContext,
  reply: FastifyReply,
  application: StoredApplication,
  body: JsonObject,
) {
  const grant = redeem(context, application, body);
  const user = grant ? findUser(context, grant.userId) : undefined;
  if (!grant || !user?.active) return sendOAuthError(reply, 400, AUTH_CODE_NOT_FOUND);
  const registration = registrationFor(user, application.id);
  const scope = grant.scopes.join(' ');
  const refresh =
    grant.scopes.includes('offline_access') && oauthConfigurationOf(application).generateRefreshTokens === true
      ? issueRefreshToken(context, user, application, grant.authInstant, { scopes: grant.scopes })
      : undefined;
  const access = await issueAccessToken(context, {
    user,
    application,
    registration,
    authenticationType: grant.authenticationType,
    refreshTokenId: refresh?.id,
    authInstant: grant.authInstant,
    scope,
  });
  const idToken = grant.scopes.includes('openid')
    ? await issueIdToken(context, {
        user,
        application,
        accessToken: access.token,
        scopes: grant.scopes,
        authInstant: grant.authInstant,
        authenticationType: grant.authenticationType,
        code: text(body, 'code'),
        nonce: grant.nonce,
        ssoSessionId: grant.ssoSessionId,
      })
    : undefined;
  return sendTokens(reply, {
    access_token: access.token,
    expires_in: expiresIn(context, access.expirationInstant),
    ...(idToken ? { id_token: idToken } : {}),
    ...(refresh ? { refresh_token: refresh.token, refresh_token_id: refresh.id } : {}),
    scope,
    token_type: 'Bearer',
    userId: user.id,
  });
}

const REFRESH_TOKEN_NOT_FOUND = {
  error: 'invalid_grant',
  error_reason: 'refresh_token_not_found',
  error_description: 'The refresh token is not valid.',
};

function grantedScopes(metaData: JsonObject): Scope[] {
  const scopes = metaData.scopes;
  const parsed = parseScopes(
    Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string').join(' ') : '',
  );
  return parsed.kind === 'ok' ? parsed.scopes : [];
}

async function refresh(
  context: DevServerContext,
  reply: FastifyReply,
  application: StoredApplication,
  body: JsonObject,
) {
  const value = text(body, 'refresh_token') ?? '';
  const stored = findRefreshToken(context, value);
  if (!stored || stored.applicationId !== application.id) return sendOAuthError(reply, 400, REFRESH_TOKEN_NOT_FOUND);
  const scopes = grantedScopes(stored.metaData);
  const requested = parseScopes(text(body, 'scope'));
  if (requested.kind === 'unknown' || requested.scopes.some((scope) => !scopes.includes(scope))) {
    return sendOAuthError(reply, 400, {
      error: 'invalid_scope',
      error_reason: 'unknown_scope',
      error_description: 'The scope must be a subset of the original grant.',
    });
  }
  const previousValue = stored.token;
  const outcome = await exchangeRefreshToken(context, value, text(body, 'access_token'));
  if (outcome.kind !== 'ok') return sendOAuthError(reply, 400, REFRESH_TOKEN_NOT_FOUND);
  const user = findUser(context, outcome.userId);
  const idToken =
    user && scopes.includes('openid')
      ? await issueIdToken(context, {
          user,
          application,
          accessToken: outcome.token,
          scopes,
          authInstant: stored.startInstant,
          authenticationType: 'REFRESH_TOKEN',
        })
      : undefined;
  return sendTokens(reply, {
    access_token: outcome.token,
    expires_in: expiresIn(context, outcome.tokenExpirationInstant),
    ...(idToken ? { id_token: idToken } : {}),
    // Reusable tokens keep their value and are not sent again; a OneTimeUse rotation must be.
    ...(outcome.refreshToken !== previousValue ? { refresh_token: outcome.refreshToken } : {}),
    refresh_token_id: outcome.refreshTokenId,
    scope: scopes.join(' '),
    token_type: 'Bearer',
    userId: outcome.userId,
  });
}

/**
 * The refresh token grant of `POST /oauth2/token`
 * (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints#refresh-token-grant-request): a live
 * refresh token of this client, an optional `scope` that narrows the original grant, and tokens whose `gty`
 * header adds `refresh_token` to the grant that issued the refresh token.
 */
import type { FastifyReply } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findRefreshToken, findUser } from '../domain/lookup.ts';
import { exchangeRefreshToken } from '../domain/token-refresh.ts';
import type { JsonObject, StoredApplication } from '../state/model.ts';
import { issueIdToken } from './id-token.ts';
import { sendOAuthError } from './oauth-errors.ts';
import { parseScopes, type Scope } from './scopes.ts';
import { expiresIn, formText, sendTokens } from './token-response.ts';

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

/** Exchanges a refresh token for a new access token (and id_token with `openid`). */
export async function exchangeRefreshTokenGrant(
  context: DevServerContext,
  reply: FastifyReply,
  application: StoredApplication,
  body: JsonObject,
): Promise<FastifyReply> {
  const value = formText(body, 'refresh_token') ?? '';
  const stored = findRefreshToken(context, value);
  if (!stored || stored.applicationId !== application.id) return sendOAuthError(reply, 400, REFRESH_TOKEN_NOT_FOUND);
  const scopes = grantedScopes(stored.metaData);
  const requested = parseScopes(formText(body, 'scope'));
  if (requested.kind === 'unknown' || requested.scopes.some((scope) => !scopes.includes(scope))) {
    return sendOAuthError(reply, 400, {
      error: 'invalid_scope',
      error_reason: 'unknown_scope',
      error_description: 'The scope must be a subset of the original grant.',
    });
  }
  const previousValue = stored.token;
  const narrowed = requested.scopes.length > 0 ? requested.scopes : scopes;
  const outcome = await exchangeRefreshToken(context, value, formText(body, 'access_token'), {
    grantTypes: [...(stored.grantTypes ?? []), 'refresh_token'],
    scope: narrowed.join(' '),
  });
  if (outcome.kind !== 'ok') return sendOAuthError(reply, 400, REFRESH_TOKEN_NOT_FOUND);
  const user = findUser(context, outcome.userId);
  const idToken =
    user && narrowed.includes('openid')
      ? await issueIdToken(context, {
          user,
          application,
          accessToken: outcome.token,
          scopes: narrowed,
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
    scope: narrowed.join(' '),
    token_type: 'Bearer',
    userId: outcome.userId,
  });
}

/**
 * What every user grant of `POST /oauth2/token` answers on success, in FusionAuth's shape
 * (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints#token): access_token, expires_in,
 * id_token (with `openid`), refresh_token and refresh_token_id (with `offline_access` when the application
 * generates refresh tokens), scope, token_type and userId, sent with `no-store`.
 */
import type { FastifyReply } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { issueRefreshToken } from '../domain/refresh-tokens.ts';
import { registrationFor } from '../domain/registrations.ts';
import type { JsonObject, StoredApplication, StoredUser } from '../state/model.ts';
import { issueAccessToken, type AuthenticationType } from '../tokens/access-token.ts';
import { oauthConfigurationOf } from './clients.ts';
import type { SupportedGrantType } from './grant-types.ts';
import { issueIdToken } from './id-token.ts';
import type { Scope } from './scopes.ts';

/** A non-empty string parameter of a form body. */
export function formText(body: JsonObject, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Sends a token response with `no-store`, as RFC 6749 section 5.1 asks. */
export function sendTokens(reply: FastifyReply, body: Record<string, unknown>): FastifyReply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(body);
}

/** Seconds from now until `expirationInstant` (epoch ms). */
export function expiresIn(context: DevServerContext, expirationInstant: number): number {
  return Math.max(0, Math.round((expirationInstant - context.now()) / 1000));
}

/** A user who has just been authenticated by a grant, and what the tokens must say about it. */
export interface AuthenticatedGrant {
  grantType: Exclude<SupportedGrantType, 'refresh_token' | 'client_credentials'>;
  user: StoredUser;
  application: StoredApplication;
  scopes: readonly Scope[];
  authInstant: number;
  authenticationType: AuthenticationType;
  /** The refresh token's metaData (the device), besides its scopes. */
  metaData?: JsonObject;
  /** Authorization code grant: the code (for `c_hash`), the request's nonce and the SSO session (`sid`). */
  code?: string;
  nonce?: string;
  ssoSessionId?: string;
}

/** Issues the tokens a grant earned and sends them. */
export async function sendGrantTokens(
  context: DevServerContext,
  reply: FastifyReply,
  grant: AuthenticatedGrant,
): Promise<FastifyReply> {
  const { user, application, scopes } = grant;
  const scope = scopes.join(' ');
  const grantTypes = [grant.grantType];
  const refresh =
    scopes.includes('offline_access') && oauthConfigurationOf(application).generateRefreshTokens === true
      ? issueRefreshToken(
          context,
          user,
          application,
          grant.authInstant,
          {
            ...grant.metaData,
            scopes: [...scopes],
          },
          grantTypes,
        )
      : undefined;
  const access = await issueAccessToken(context, {
    user,
    application,
    registration: registrationFor(user, application.id),
    authenticationType: grant.authenticationType,
    refreshTokenId: refresh?.id,
    authInstant: grant.authInstant,
    scope,
    grantTypes,
  });
  const idToken = scopes.includes('openid')
    ? await issueIdToken(context, {
        user,
        application,
        accessToken: access.token,
        scopes,
        authInstant: grant.authInstant,
        authenticationType: grant.authenticationType,
        code: grant.code,
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

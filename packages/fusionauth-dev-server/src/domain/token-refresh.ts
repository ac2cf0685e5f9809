/**
 * Exchanging a refresh token for a new access token (https://fusionauth.io/docs/apis/jwt#refresh-a-jwt). The new token
 * reflects the user's current registration: if it was deleted, the token has no applicationId or roles
 * (fusionauth-issues #1748). Emits `jwt.refresh`. Shared with the OAuth refresh_token grant.
 */
import { stateOf, type DevServerContext } from '../context.ts';
import { issueAccessToken } from '../tokens/access-token.ts';
import { findRefreshToken } from './lookup.ts';
import { useRefreshToken } from './refresh-tokens.ts';
import { registrationFor } from './registrations.ts';

export type RefreshOutcome =
  | {
      kind: 'ok';
      token: string;
      tokenExpirationInstant: number;
      refreshToken: string;
      refreshTokenId: string;
      userId: string;
    }
  | { kind: 'invalid' }
  | { kind: 'user-missing' };

/** What an OAuth refresh adds to the new access token (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/tokens). */
export interface OAuthRefresh {
  /** The `gty` header. */
  grantTypes: readonly string[];
  /** The `scope` claim: the granted (or narrowed) scopes. */
  scope: string;
}

/**
 * Validates the refresh token and issues a new access token with `sid` = its id; `originalAccessToken`
 * goes into the `jwt.refresh` event.
 */
export async function exchangeRefreshToken(
  context: DevServerContext,
  value: string,
  originalAccessToken?: string,
  oauth?: OAuthRefresh,
): Promise<RefreshOutcome> {
  const state = stateOf(context);
  const stored = findRefreshToken(context, value);
  // An SSO session (no application) signs a browser in to the hosted pages; it mints no access token.
  if (!stored?.applicationId) return { kind: 'invalid' };
  const user = state.users[stored.userId];
  if (!user) return { kind: 'user-missing' };
  if (!user.active) return { kind: 'invalid' };
  const application = state.applications[stored.applicationId];
  const registration = application ? registrationFor(user, application.id) : undefined;
  const used = useRefreshToken(context, stored);
  const access = await issueAccessToken(context, {
    user,
    application,
    registration,
    authenticationType: 'REFRESH_TOKEN',
    refreshTokenId: used.id,
    authInstant: used.startInstant,
    ...(oauth ? { grantTypes: oauth.grantTypes, scope: oauth.scope || undefined } : {}),
  });
  context.events.emit('jwt.refresh', user.tenantId, {
    applicationId: stored.applicationId,
    original: originalAccessToken,
    token: access.token,
    refreshToken: used.token,
    userId: user.id,
  });
  return {
    kind: 'ok',
    token: access.token,
    tokenExpirationInstant: access.expirationInstant,
    refreshToken: used.token,
    refreshTokenId: used.id,
    userId: user.id,
  };
}

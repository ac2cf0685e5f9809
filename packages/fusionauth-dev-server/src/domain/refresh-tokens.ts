/**
 * Refresh tokens: issue, use and revoke. Every revocation goes through `revokeRefreshTokens`, which
 * emits `jwt.refresh-token.revoke` (https://fusionauth.io/docs/extend/events-and-webhooks/events/jwt-refresh-token-revoke). Defaults follow FusionAuth:
 * `Reusable` (the value stays the same on refresh) and `Fixed` expiry from the first login. A token
 * without an application is a hosted-login SSO session (oauth/sso-session.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { stateOf, type DevServerContext } from '../context.ts';
import type { JsonObject, RefreshToken, StoredApplication, StoredUser } from '../state/model.ts';
import { jwtSettings } from './settings.ts';
import { refreshTokenView, userView } from './views.ts';

function settingsFor(context: DevServerContext, tenantId: string, applicationId: string | undefined) {
  const state = stateOf(context);
  const tenant = state.tenants[tenantId];
  if (!tenant) throw new Error(`Unknown tenant ${tenantId}`);
  return jwtSettings(tenant, applicationId ? state.applications[applicationId] : undefined);
}

/** A fresh opaque token value: 256 bits, URL-safe. */
function newTokenValue(): string {
  return randomBytes(48).toString('base64url');
}

/**
 * Issues a refresh token for a user and application; `authInstant` is when the user authenticated,
 * `grantTypes` the OAuth grant that issued it (none for the Login API).
 */
export function issueRefreshToken(
  context: DevServerContext,
  user: StoredUser,
  application: StoredApplication,
  authInstant: number,
  metaData: JsonObject = {},
  grantTypes?: readonly string[],
): RefreshToken {
  const now = context.now();
  const settings = settingsFor(context, user.tenantId, application.id);
  const token: RefreshToken = {
    id: randomUUID(),
    token: newTokenValue(),
    userId: user.id,
    applicationId: application.id,
    tenantId: user.tenantId,
    insertInstant: now,
    startInstant: authInstant,
    expiresInstant: now + settings.refreshTokenTtlMinutes * 60_000,
    metaData: { scopes: ['offline_access'], ...metaData },
    data: {},
    ...(grantTypes ? { grantTypes: [...grantTypes] } : {}),
  };
  stateOf(context).refreshTokens[token.id] = token;
  context.store.changed();
  return token;
}

/**
 * Issues the refresh token that is a user's SSO session: no application, so no scopes and no access
 * token can be minted from it; it lives until `expiresInstant`, which each use slides.
 */
export function issueSsoRefreshToken(
  context: DevServerContext,
  user: StoredUser,
  expiresInstant: number,
  metaData: JsonObject,
): RefreshToken {
  const now = context.now();
  const token: RefreshToken = {
    id: randomUUID(),
    token: newTokenValue(),
    userId: user.id,
    tenantId: user.tenantId,
    insertInstant: now,
    startInstant: now,
    expiresInstant,
    metaData,
    data: {},
  };
  stateOf(context).refreshTokens[token.id] = token;
  context.store.changed();
  return token;
}

/** Moves a token's expiry (an SSO session slides with use). */
export function slideRefreshToken(context: DevServerContext, token: RefreshToken, expiresInstant: number): void {
  token.expiresInstant = expiresInstant;
  context.store.changed();
}

/** Records a use: rotates the value under `OneTimeUse`, extends expiry under `SlidingWindow`. */
export function useRefreshToken(context: DevServerContext, token: RefreshToken): RefreshToken {
  const settings = settingsFor(context, token.tenantId, token.applicationId);
  if (settings.refreshTokenUsagePolicy === 'OneTimeUse') token.token = newTokenValue();
  if (settings.refreshTokenExpirationPolicy === 'SlidingWindow') {
    token.expiresInstant = context.now() + settings.refreshTokenTtlMinutes * 60_000;
  }
  context.store.changed();
  return token;
}

/** The user's live tokens, newest first (GET /api/jwt/refresh drops expired ones). */
export function refreshTokensOf(
  context: DevServerContext,
  filter: { userId?: string; applicationId?: string },
): RefreshToken[] {
  const now = context.now();
  return Object.values(stateOf(context).refreshTokens)
    .filter((token) => token.expiresInstant > now)
    .filter(
      (token) =>
        (!filter.userId || token.userId === filter.userId) &&
        (!filter.applicationId || token.applicationId === filter.applicationId),
    )
    .sort((a, b) => b.insertInstant - a.insertInstant);
}

/** Why tokens are revoked, which decides the event's fields (one token, a user's, an application's). */
export type RevocationScope =
  | { kind: 'token' }
  | { kind: 'user'; userId: string }
  | { kind: 'user-application'; userId: string; applicationId: string }
  | { kind: 'application'; applicationId: string };

/** Removes the tokens and emits one `jwt.refresh-token.revoke` event for them (none if empty). */
export function revokeRefreshTokens(context: DevServerContext, tokens: RefreshToken[], scope: RevocationScope): number {
  const state = stateOf(context);
  const first = tokens[0];
  if (!first) return 0;
  const ttl: JsonObject = {};
  for (const token of tokens) {
    delete state.refreshTokens[token.id];
    if (token.applicationId) {
      ttl[token.applicationId] = settingsFor(context, token.tenantId, token.applicationId).accessTokenTtlSeconds;
    }
  }
  context.store.changed();
  const user = state.users[first.userId];
  const fields: JsonObject = { applicationTimeToLiveInSeconds: ttl };
  if (scope.kind !== 'application') {
    fields.userId = first.userId;
    if (user) fields.user = userView(user);
  }
  if (scope.kind === 'token') fields.refreshToken = refreshTokenView(first);
  if (scope.kind === 'token' && first.applicationId) fields.applicationId = first.applicationId;
  if (scope.kind === 'application' || scope.kind === 'user-application') fields.applicationId = scope.applicationId;
  context.events.emit('jwt.refresh-token.revoke', first.tenantId, fields);
  return tokens.length;
}

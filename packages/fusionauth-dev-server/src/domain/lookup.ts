/**
 * Finding users and refresh tokens. Emails are compared lowercased and scoped to a tenant, as in
 * FusionAuth (https://fusionauth.io/docs/apis/users); a login id is an email or a username.
 */
import type { RefreshToken, State, StoredUser } from '../state/model.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is a UUID in FusionAuth's textual form. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** The key under which a login id is reserved or compared: lowercased, per tenant. */
export function loginIdKey(tenantId: string, kind: 'email' | 'username', value: string): string {
  return `${tenantId}:${kind}:${value.toLowerCase()}`;
}

/** The user with this email in the tenant (any tenant when `tenantId` is undefined). */
export function findUserByEmail(state: State, tenantId: string | undefined, email: string): StoredUser | undefined {
  const wanted = email.toLowerCase();
  return Object.values(state.users).find((user) => user.email === wanted && (!tenantId || user.tenantId === tenantId));
}

/** The user with this username in the tenant (usernames are case-insensitive too). */
export function findUserByUsername(state: State, tenantId: string | undefined, username: string): StoredUser | undefined {
  const wanted = username.toLowerCase();
  return Object.values(state.users).find(
    (user) => user.username?.toLowerCase() === wanted && (!tenantId || user.tenantId === tenantId),
  );
}

/** The user whose email or username is `loginId`. */
export function findUserByLoginId(state: State, tenantId: string | undefined, loginId: string): StoredUser | undefined {
  return findUserByEmail(state, tenantId, loginId) ?? findUserByUsername(state, tenantId, loginId);
}

/** A refresh token by its value, if not expired. */
export function findRefreshToken(state: State, token: string, now: number): RefreshToken | undefined {
  const found = Object.values(state.refreshTokens).find((candidate) => candidate.token === token);
  return found && found.expiresInstant > now ? found : undefined;
}

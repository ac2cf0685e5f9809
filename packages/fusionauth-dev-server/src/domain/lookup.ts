/**
 * Finding users and refresh tokens. Emails are compared lowercased and scoped to a tenant, as in
 * FusionAuth (https://fusionauth.io/docs/apis/users); a login id is an email or a username.
 */
import { stateOf, type DevServerContext } from '../context.ts';
import type { RefreshToken, StoredUser } from '../state/model.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is a UUID in FusionAuth's textual form. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** The key under which a login id is reserved or compared: lowercased, per tenant. */
export function loginIdKey(tenantId: string, kind: 'email' | 'username', value: string): string {
  return `${tenantId}:${kind}:${value.toLowerCase()}`;
}

/** The user with this id. */
export function findUser(context: DevServerContext, userId: string): StoredUser | undefined {
  return stateOf(context).users[userId];
}

/** Every user of the tenant (of every tenant when `tenantId` is undefined). */
export function listUsers(context: DevServerContext, tenantId?: string): StoredUser[] {
  return Object.values(stateOf(context).users).filter((user) => !tenantId || user.tenantId === tenantId);
}

/** The user with this email in the tenant (any tenant when `tenantId` is undefined). */
export function findUserByEmail(
  context: DevServerContext,
  tenantId: string | undefined,
  email: string,
): StoredUser | undefined {
  const wanted = email.toLowerCase();
  return listUsers(context, tenantId).find((user) => user.email === wanted);
}

/** The user with this username in the tenant (usernames are case-insensitive too). */
export function findUserByUsername(
  context: DevServerContext,
  tenantId: string | undefined,
  username: string,
): StoredUser | undefined {
  const wanted = username.toLowerCase();
  return listUsers(context, tenantId).find((user) => user.username?.toLowerCase() === wanted);
}

/** The kinds of login id FusionAuth compares a `loginId` with (https://fusionauth.io/docs/apis/users). */
export const LOGIN_ID_TYPES = ['email', 'phoneNumber', 'username'] as const;
export type LoginIdType = (typeof LOGIN_ID_TYPES)[number];
/** The message of `[invalid]loginIdTypes`, for a type FusionAuth does not have. */
export const INVALID_LOGIN_ID_TYPES_MESSAGE = `The [loginIdTypes] property may only contain ${LOGIN_ID_TYPES.join(', ')}.`;
/** What a `loginId` is compared with when `loginIdTypes` is not given. */
export const DEFAULT_LOGIN_ID_TYPES: readonly LoginIdType[] = ['email', 'username'];

/**
 * A `loginIdTypes` value as sent (an array, a repeated query parameter or a comma-separated list): the default
 * when absent, null when it names a type FusionAuth does not have.
 */
export function readLoginIdTypes(value: unknown): readonly LoginIdType[] | null {
  if (value === undefined || value === null || value === '') return DEFAULT_LOGIN_ID_TYPES;
  const values: unknown[] = Array.isArray(value) ? value : [value];
  const items = values.flatMap((item) =>
    typeof item === 'string' ? item.split(',').map((part) => part.trim()) : [item],
  );
  const types = items.filter((item): item is LoginIdType => LOGIN_ID_TYPES.some((type) => type === item));
  return types.length > 0 && types.length === items.length ? types : null;
}

/** The user whose login id of one of `types` (email and username unless given) is `loginId`. */
export function findUserByLoginId(
  context: DevServerContext,
  tenantId: string | undefined,
  loginId: string,
  types: readonly LoginIdType[] = DEFAULT_LOGIN_ID_TYPES,
): StoredUser | undefined {
  for (const type of types) {
    const user =
      type === 'email'
        ? findUserByEmail(context, tenantId, loginId)
        : type === 'username'
          ? findUserByUsername(context, tenantId, loginId)
          : listUsers(context, tenantId).find((candidate) => candidate.profile.phoneNumber === loginId);
    if (user) return user;
  }
  return undefined;
}

/** A refresh token by its value, if not expired. */
export function findRefreshToken(context: DevServerContext, token: string): RefreshToken | undefined {
  const found = Object.values(stateOf(context).refreshTokens).find((candidate) => candidate.token === token);
  return found && found.expiresInstant > context.now() ? found : undefined;
}

/** A refresh token by its id, expired or not. */
export function findRefreshTokenById(context: DevServerContext, tokenId: string): RefreshToken | undefined {
  return stateOf(context).refreshTokens[tokenId];
}

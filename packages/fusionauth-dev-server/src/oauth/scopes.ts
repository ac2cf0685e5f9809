/**
 * OAuth scopes the dev server knows (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/scopes): `openid` yields an id_token,
 * `offline_access` a refresh token, `profile` and `email` the matching claims.
 */
export const SUPPORTED_SCOPES = ['openid', 'offline_access', 'profile', 'email'] as const;
export type Scope = (typeof SUPPORTED_SCOPES)[number];

/** The requested scopes, de-duplicated and in request order, or the unknown ones when any is not supported. */
export function parseScopes(
  value: string | undefined,
): { kind: 'ok'; scopes: Scope[] } | { kind: 'unknown'; unknown: string[] } {
  const requested = [...new Set((value ?? '').split(/\s+/).filter((scope) => scope !== ''))];
  const known = new Set<string>(SUPPORTED_SCOPES);
  const unknown = requested.filter((scope) => !known.has(scope));
  return unknown.length > 0 ? { kind: 'unknown', unknown } : { kind: 'ok', scopes: requested as Scope[] };
}

/**
 * The SSO session: what lets a second `/oauth2/authorize` skip the login form. As in FusionAuth, it is
 * a refresh token of the user with no application
 * (https://fusionauth.io/docs/lifecycle/authenticate-users/logout-session-management): persisted with
 * the other refresh tokens, listed by `GET /api/jwt/refresh?userId=`, and ended by every revocation that
 * reaches it (by user, by token id, a password change, a deactivation), each emitting
 * `jwt.refresh-token.revoke`. The browser holds the token's value in the `fusionauth.sso` cookie. The
 * session slides with use for the tenant's `httpSessionMaxInactiveInterval` (FusionAuth's "OAuth session
 * timeout", default 3600 s), and `/oauth2/logout` ends the calling browser's.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findRefreshToken, findUser } from '../domain/lookup.ts';
import { issueSsoRefreshToken, revokeRefreshTokens, slideRefreshToken } from '../domain/refresh-tokens.ts';
import { findTenant } from '../domain/tenants.ts';
import type { RefreshToken, StoredUser } from '../state/model.ts';

export const SSO_COOKIE = 'fusionauth.sso';
const DEFAULT_TTL_SECONDS = 3600;

export interface SsoSession {
  /** The refresh token's id: the id_token's `sid`. */
  id: string;
  userId: string;
  /** Epoch ms of the authentication behind the session: `auth_time`. */
  authInstant: number;
}

function ttlMs(context: DevServerContext, user: StoredUser): number {
  const value = findTenant(context, user.tenantId)?.config.httpSessionMaxInactiveInterval;
  return (typeof value === 'number' && value > 0 ? value : DEFAULT_TTL_SECONDS) * 1000;
}

function cookieOptions(context: DevServerContext) {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: context.baseUrl.startsWith('https:') } as const;
}

function sessionOf(token: RefreshToken): SsoSession {
  return { id: token.id, userId: token.userId, authInstant: token.startInstant };
}

/** The live SSO refresh token the browser's cookie names, if any. */
function ssoTokenOf(context: DevServerContext, request: FastifyRequest): RefreshToken | undefined {
  const value = request.cookies[SSO_COOKIE];
  const token = value ? findRefreshToken(context, value) : undefined;
  return token && token.applicationId === undefined ? token : undefined;
}

/**
 * Starts a session for a user who just authenticated and sets the cookie. The same user
 * authenticating again in the browser (`prompt=login`) keeps the session and its id (the `sid` every
 * application of the tenant holds), with a fresh `auth_time`; another user ends the browser's previous one.
 */
export function startSsoSession(
  context: DevServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  user: StoredUser,
): SsoSession {
  const current = ssoTokenOf(context, request);
  if (current?.userId === user.id) {
    current.startInstant = context.now();
    slideRefreshToken(context, current, context.now() + ttlMs(context, user));
    return sessionOf(current);
  }
  endSsoSession(context, request, reply);
  const token = issueSsoRefreshToken(context, user, context.now() + ttlMs(context, user), {
    device: { lastAccessedAddress: request.ip, lastAccessedInstant: context.now(), type: 'BROWSER' },
  });
  reply.setCookie(SSO_COOKIE, token.token, cookieOptions(context));
  return sessionOf(token);
}

/**
 * The browser's live session and its user (still existing and active), sliding its expiry; else null.
 * A session signs in to every application of its user's tenant, and to no other tenant's.
 */
export function currentSsoSession(
  context: DevServerContext,
  request: FastifyRequest,
  tenantId: string,
): { session: SsoSession; user: StoredUser } | null {
  const token = ssoTokenOf(context, request);
  const user = token ? findUser(context, token.userId) : undefined;
  if (!token || !user?.active || user.tenantId !== tenantId) return null;
  slideRefreshToken(context, token, context.now() + ttlMs(context, user));
  return { session: sessionOf(token), user };
}

/** Ends the browser's session, if any (a `jwt.refresh-token.revoke` for its token), and clears the cookie. */
export function endSsoSession(context: DevServerContext, request: FastifyRequest, reply: FastifyReply): void {
  const token = ssoTokenOf(context, request);
  if (token) revokeRefreshTokens(context, [token], { kind: 'token' });
  reply.clearCookie(SSO_COOKIE, cookieOptions(context));
}

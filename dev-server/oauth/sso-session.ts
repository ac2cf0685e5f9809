/**
 * The dev server's own SSO session: what lets a second `/oauth2/authorize` skip the login form. The
 * browser holds an opaque 256-bit token in the `fusionauth.sso` cookie; the server keeps only its
 * SHA-256 hash, in memory (a restart signs everyone out, which is harmless here). The session slides
 * with use for the tenant's `httpSessionMaxInactiveInterval` (FusionAuth's default: 3600 s), and dies
 * with `/oauth2/logout`, or when its user is deleted or deactivated.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { stateOf, type DevServerContext } from '../context.ts';
import type { StoredUser } from '../state/model.ts';

export const SSO_COOKIE = 'fusionauth.sso';
const DEFAULT_TTL_SECONDS = 3600;

export interface SsoSession {
  /** Public id: the id_token's `sid`. */
  id: string;
  userId: string;
  /** Epoch ms of the authentication behind the session: `auth_time`. */
  authInstant: number;
  expiresAt: number;
}

const sessionsByServer = new WeakMap<DevServerContext, Map<string, SsoSession>>();

function sessionsOf(context: DevServerContext): Map<string, SsoSession> {
  let sessions = sessionsByServer.get(context);
  if (!sessions) {
    sessions = new Map();
    sessionsByServer.set(context, sessions);
  }
  return sessions;
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function ttlMs(context: DevServerContext, user: StoredUser): number {
  const value = stateOf(context).tenants[user.tenantId]?.config.httpSessionMaxInactiveInterval;
  return (typeof value === 'number' && value > 0 ? value : DEFAULT_TTL_SECONDS) * 1000;
}

function cookieOptions(context: DevServerContext) {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: context.baseUrl.startsWith('https:') } as const;
}

/** Starts a session for a user who just authenticated (ending the browser's previous one) and sets the cookie. */
export function startSsoSession(context: DevServerContext, request: FastifyRequest, reply: FastifyReply, user: StoredUser): SsoSession {
  endSsoSession(context, request, reply);
  const token = randomBytes(32).toString('base64url');
  const now = context.now();
  const session: SsoSession = { id: randomUUID(), userId: user.id, authInstant: now, expiresAt: now + ttlMs(context, user) };
  sessionsOf(context).set(hashOf(token), session);
  reply.setCookie(SSO_COOKIE, token, cookieOptions(context));
  return session;
}

/** The browser's live session and its user (still existing and active), sliding its expiry; else null. */
export function currentSsoSession(context: DevServerContext, request: FastifyRequest): { session: SsoSession; user: StoredUser } | null {
  const token = request.cookies[SSO_COOKIE];
  if (!token) return null;
  const sessions = sessionsOf(context);
  const key = hashOf(token);
  const session = sessions.get(key);
  const user = session ? stateOf(context).users[session.userId] : undefined;
  const now = context.now();
  if (!session || !user || !user.active || session.expiresAt <= now) {
    sessions.delete(key);
    return null;
  }
  session.expiresAt = now + ttlMs(context, user);
  return { session, user };
}

/** Ends the browser's session, if any, and clears the cookie. */
export function endSsoSession(context: DevServerContext, request: FastifyRequest, reply: FastifyReply): void {
  const token = request.cookies[SSO_COOKIE];
  if (token) sessionsOf(context).delete(hashOf(token));
  reply.clearCookie(SSO_COOKIE, cookieOptions(context));
}

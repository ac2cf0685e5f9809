/**
 * Ending sessions, from one to all of a user's: the person's own (logout, this device), one ended from
 * elsewhere (revoked, so its browser is told), the user's others (a password change), and every one of
 * them everywhere (webhooks, admin actions, "sign out everywhere").
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../app-context.ts';
import type { SessionEndReason } from '../metrics.ts';
import type { RevocationNote } from '../sessions/revocation-note.ts';
import type { StoredSession } from '../sessions/session-store.ts';

/**
 * Ends one session the person ended themselves (logout, revoking this device): revokes its refresh
 * token in FusionAuth by id — only this session's, never the application's, which would sign out everyone — then
 * destroys it. The session ends even when FusionAuth cannot be reached; its refresh token then lived
 * only in the destroyed record.
 */
export async function endSession(
  ctx: AppContext,
  stored: StoredSession,
  log: FastifyBaseLogger,
  reason: SessionEndReason,
): Promise<void> {
  await revokeRefreshTokenOf(ctx, stored, log);
  await ctx.sessions.remove(stored.key);
  if (stored.session.userId) ctx.metrics.sessionsEnded.inc({ reason });
}

/**
 * Ends a session from elsewhere (another device, a password change, an admin): like {@link endSession},
 * and the store remembers it was revoked and why (`note`), so that browser is told the cause and signs
 * in again with a password.
 */
export async function revokeSession(
  ctx: AppContext,
  stored: StoredSession,
  log: FastifyBaseLogger,
  note: RevocationNote,
): Promise<void> {
  await revokeRefreshTokenOf(ctx, stored, log);
  await ctx.sessions.revoke(stored, note);
  if (stored.session.userId) ctx.metrics.sessionsEnded.inc({ reason: 'revoke' });
}

async function revokeRefreshTokenOf(ctx: AppContext, stored: StoredSession, log: FastifyBaseLogger): Promise<void> {
  const refreshTokenId = stored.session.tokens?.refreshTokenId;
  if (!refreshTokenId) return;
  await ctx.fusionAuth.revocation.revokeRefreshToken(refreshTokenId).catch((error: unknown) => {
    log.warn({ err: error }, 'could not revoke a refresh token; the session ends anyway');
  });
}

/**
 * With LOGIN_FLOW=oauth, ends the user's FusionAuth SSO sessions too, so no browser of theirs is
 * signed back in by FusionAuth without a password. The app's sessions end whatever FusionAuth answers.
 */
export async function endSsoSessions(ctx: AppContext, userId: string, log: FastifyBaseLogger): Promise<void> {
  if (ctx.config.loginFlow !== 'oauth') return;
  await ctx.fusionAuth.revocation.revokeSsoSessions(userId).catch((error: unknown) => {
    log.warn({ err: error, userId }, "could not end the user's FusionAuth SSO sessions");
  });
}

/**
 * "Sign out everywhere, in every app": revokes all of the user's refresh tokens in FusionAuth, for every
 * application and the SSO sessions (https://fusionauth.io/docs/apis/jwt#revoke-refresh-tokens), so each
 * application's webhook hears a user-wide `jwt.refresh-token.revoke` and ends its sessions. The caller
 * ends this app's at once. A FusionAuth that cannot be reached is logged: this app's sessions end anyway.
 */
export async function endEveryApplicationsSessions(
  ctx: AppContext,
  userId: string,
  log: FastifyBaseLogger,
): Promise<void> {
  await ctx.fusionAuth.revocation.revokeAllRefreshTokensOfUser(userId).catch((error: unknown) => {
    log.warn({ err: error, userId }, "could not revoke the user's refresh tokens in FusionAuth");
  });
}

/**
 * Ends every session of the user except `keepKey` (each one's refresh token revoked by id, each
 * remembered as revoked by a password change), and the user's FusionAuth SSO sessions (oauth mode).
 * Returns how many of the app's sessions ended.
 */
export async function endOtherSessions(
  ctx: AppContext,
  userId: string,
  keepKey: string | undefined,
  log: FastifyBaseLogger,
): Promise<number> {
  const sessions = await ctx.sessions.listUserSessions(userId);
  const others = sessions.filter(({ key }) => key !== keepKey);
  for (const stored of others) await revokeSession(ctx, stored, log, { cause: 'password-change' });
  await endSsoSessions(ctx, userId, log);
  ctx.users.forget(userId);
  return others.length;
}

/** What ending a user's sessions needs: the session store, the user cache and a log. */
export type SessionKillContext = Pick<AppContext, 'sessions' | 'users' | 'log' | 'metrics'>;

/**
 * Ends every session this app holds for a user, through the per-user index, and drops any cached copy
 * of the user, so the next request of any of their browsers is anonymous. The one call for "this user
 * is out": webhooks, admin actions and, across instances, whoever relays the news. Idempotent. Each
 * ended session is remembered as revoked, so its browser is told and signs in again with a password.
 *
 * `note` says why, to each of those browsers. With `createdBefore` (an event's createInstant) only older sessions end: a session started after
 * the event passed the checks after the change, e.g. the fresh session a password change starts,
 * whose user-wide jwt.refresh-token.revoke arrives a moment later. That also keeps a replayed old
 * event from ending sessions begun since.
 */
export async function invalidateUserSessions(
  ctx: SessionKillContext,
  userId: string,
  reason: string,
  note: RevocationNote,
  createdBefore?: number,
): Promise<number> {
  ctx.users.forget(userId);
  const ending = (await ctx.sessions.listUserSessions(userId)).filter(
    ({ session }) => createdBefore === undefined || session.createdAt < createdBefore,
  );
  for (const stored of ending) await ctx.sessions.revoke(stored, note);
  // Whatever the listing could not see (an application-wide revocation already ended it) goes too.
  if (createdBefore === undefined) await ctx.sessions.destroyUserSessions(userId);
  ctx.log.info({ userId, reason, sessions: ending.length }, 'user sessions invalidated');
  return ending.length;
}

/**
 * Ends the user's sessions that one revoked refresh token stood behind, leaving their others alone:
 * those holding it (tokens mode), and, when it was a FusionAuth SSO session (a refresh token with no
 * application, whose id the ID token's `sid` carries), every session signed in through it, in both
 * session modes. Each application of the tenant gets the event and ends its own.
 */
export async function endSessionsHoldingRefreshToken(
  ctx: SessionKillContext,
  userId: string,
  refreshTokenId: string,
): Promise<number> {
  const sessions = await ctx.sessions.listUserSessions(userId);
  const holding = sessions.filter(
    ({ session }) => session.tokens?.refreshTokenId === refreshTokenId || session.ssoSessionId === refreshTokenId,
  );
  for (const stored of holding) await ctx.sessions.revoke(stored, { cause: 'identity-provider' });
  if (holding.length > 0)
    ctx.log.info({ userId, refreshTokenId, sessions: holding.length }, 'sessions of a revoked refresh token ended');
  return holding.length;
}

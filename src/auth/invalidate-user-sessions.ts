import type { AppContext } from '../app-context.ts';

/** What ending a user's sessions needs: the session store, the user cache and a log. */
export type SessionKillContext = Pick<AppContext, 'sessions' | 'users' | 'log' | 'metrics'>;

/**
 * Ends every session this app holds for a user, through the per-user index, and drops any cached copy
 * of the user, so the next request of any of their browsers is anonymous. The one call for "this user
 * is out": webhooks, admin actions and, across instances, whoever relays the news. Idempotent. Each
 * ended session is remembered as revoked, so its browser is told and signs in again with a password.
 *
 * With `createdBefore` (an event's createInstant) only older sessions end: a session started after
 * the event passed the checks after the change, e.g. the fresh session a password change starts,
 * whose user-wide jwt.refresh-token.revoke arrives a moment later. That also keeps a replayed old
 * event from ending sessions begun since.
 */
export async function invalidateUserSessions(ctx: SessionKillContext, userId: string, reason: string, createdBefore?: number): Promise<number> {
  ctx.users.forget(userId);
  const ending = (await ctx.sessions.listUserSessions(userId)).filter(({ session }) => createdBefore === undefined || session.createdAt < createdBefore);
  for (const stored of ending) await ctx.sessions.revoke(stored);
  // Whatever the listing could not see (an application-wide revocation already ended it) goes too.
  if (createdBefore === undefined) await ctx.sessions.store.destroyUserSessions(userId);
  ctx.log.info({ userId, reason, sessions: ending.length }, 'user sessions invalidated');
  return ending.length;
}

/** Ends the user's sessions that hold one refresh token (tokens mode), leaving their others alone. */
export async function endSessionsHoldingRefreshToken(ctx: SessionKillContext, userId: string, refreshTokenId: string): Promise<number> {
  const sessions = await ctx.sessions.listUserSessions(userId);
  const holding = sessions.filter(({ session }) => session.tokens?.refreshTokenId === refreshTokenId);
  for (const stored of holding) await ctx.sessions.revoke(stored);
  if (holding.length > 0) ctx.log.info({ userId, refreshTokenId, sessions: holding.length }, 'sessions of a revoked refresh token ended');
  return holding.length;
}

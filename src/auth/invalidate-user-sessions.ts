import type { AppContext } from '../app-context.ts';

/** What ending a user's sessions needs: the session store, the user cache and a log. */
export type SessionKillContext = Pick<AppContext, 'sessions' | 'users' | 'log'>;

/**
 * Ends every session this app holds for a user, through the per-user index, and drops any cached copy
 * of the user, so the next request of any of their browsers is anonymous. The one call for "this user
 * is out": webhooks, admin actions and, across instances, whoever relays the news. Idempotent.
 */
export async function invalidateUserSessions(ctx: SessionKillContext, userId: string, reason: string): Promise<number> {
  ctx.users.forget(userId);
  const ended = await ctx.sessions.store.destroyUserSessions(userId);
  ctx.log.info({ userId, reason, sessions: ended }, 'user sessions invalidated');
  return ended;
}

/** Ends the user's sessions that hold one refresh token (tokens mode), leaving their others alone. */
export async function endSessionsHoldingRefreshToken(ctx: SessionKillContext, userId: string, refreshTokenId: string): Promise<number> {
  const sessions = await ctx.sessions.store.listUserSessions(userId);
  const holding = sessions.filter(({ session }) => session.tokens?.refreshTokenId === refreshTokenId);
  for (const { key } of holding) await ctx.sessions.store.destroy(key);
  if (holding.length > 0) ctx.log.info({ userId, refreshTokenId, sessions: holding.length }, 'sessions of a revoked refresh token ended');
  return holding.length;
}

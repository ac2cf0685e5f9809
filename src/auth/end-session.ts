import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../app-context.ts';
import type { SessionEndReason } from '../metrics.ts';
import type { StoredSession } from '../sessions/session-store.ts';

/**
 * Ends one session: revokes its refresh token in FusionAuth by id — only this session's, never the
 * application's (pitfall #14) — then destroys it. The session ends even when FusionAuth cannot be
 * reached; its refresh token then lived only in the destroyed record.
 */
export async function endSession(ctx: AppContext, stored: StoredSession, log: FastifyBaseLogger, reason: SessionEndReason): Promise<void> {
  const refreshTokenId = stored.session.tokens?.refreshTokenId;
  if (refreshTokenId) {
    await ctx.fusionAuth.revokeRefreshToken(refreshTokenId).catch((error: unknown) => {
      log.warn({ err: error }, 'could not revoke a refresh token; the session ends anyway');
    });
  }
  await ctx.sessions.store.destroy(stored.key);
  if (stored.session.userId) ctx.metrics.sessionsEnded.inc({ reason });
}

import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../app-context.ts';
import type { StoredSession } from '../sessions/session-store.ts';

/**
 * Ends one session: revokes its refresh token in FusionAuth by id — only this session's, never the
 * application's (revoking by application id would sign every user of the app out) — then destroys it. The session ends even when FusionAuth cannot be
 * reached; its refresh token then lived only in the destroyed record.
 */
export async function endSession(ctx: AppContext, stored: StoredSession, log: FastifyBaseLogger): Promise<void> {
  const refreshTokenId = stored.session.tokens?.refreshTokenId;
  if (refreshTokenId) {
    await ctx.fusionAuth.revokeRefreshToken(refreshTokenId).catch((error: unknown) => {
      log.warn({ err: error }, 'could not revoke a refresh token; the session ends anyway');
    });
  }
  await ctx.sessions.store.destroy(stored.key);
}

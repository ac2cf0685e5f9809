import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../app-context.ts';
import type { SessionEndReason } from '../metrics.ts';
import type { StoredSession } from '../sessions/session-store.ts';

/**
 * Ends one session the person ended themselves (logout, revoking this device): revokes its refresh
 * token in FusionAuth by id — only this session's, never the application's, which would sign out everyone — then
 * destroys it. The session ends even when FusionAuth cannot be reached; its refresh token then lived
 * only in the destroyed record.
 */
export async function endSession(ctx: AppContext, stored: StoredSession, log: FastifyBaseLogger, reason: SessionEndReason): Promise<void> {
  await revokeRefreshTokenOf(ctx, stored, log);
  await ctx.sessions.store.destroy(stored.key);
  if (stored.session.userId) ctx.metrics.sessionsEnded.inc({ reason });
}

/**
 * Ends a session from elsewhere (another device, a password change, an admin): like {@link endSession},
 * and the store remembers it was revoked, so that browser is told so and signs in again with a password.
 */
export async function revokeSession(ctx: AppContext, stored: StoredSession, log: FastifyBaseLogger): Promise<void> {
  await revokeRefreshTokenOf(ctx, stored, log);
  await ctx.sessions.revoke(stored);
  if (stored.session.userId) ctx.metrics.sessionsEnded.inc({ reason: 'revoke' });
}

async function revokeRefreshTokenOf(ctx: AppContext, stored: StoredSession, log: FastifyBaseLogger): Promise<void> {
  const refreshTokenId = stored.session.tokens?.refreshTokenId;
  if (!refreshTokenId) return;
  await ctx.fusionAuth.revokeRefreshToken(refreshTokenId).catch((error: unknown) => {
    log.warn({ err: error }, 'could not revoke a refresh token; the session ends anyway');
  });
}

/**
 * With LOGIN_FLOW=oauth, ends the user's FusionAuth SSO sessions too, so no browser of theirs is
 * signed back in by FusionAuth without a password. The app's sessions end whatever FusionAuth answers.
 */
export async function endSsoSessions(ctx: AppContext, userId: string, log: FastifyBaseLogger): Promise<void> {
  if (ctx.config.loginFlow !== 'oauth') return;
  await ctx.fusionAuth.revokeSsoSessions(userId).catch((error: unknown) => {
    log.warn({ err: error, userId }, 'could not end the user\'s FusionAuth SSO sessions');
  });
}

import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { endSsoSessions, revokeSession } from './end-session.ts';

/**
 * Ends every session of the user except `keepKey` (each one's refresh token revoked by id, each
 * remembered as revoked), e.g. after a password change, and the user's FusionAuth SSO sessions (oauth
 * mode). Returns how many of the app's sessions ended.
 */
export async function endOtherSessions(ctx: AppContext, userId: string, keepKey: string | undefined, log: FastifyBaseLogger): Promise<number> {
  const sessions = await ctx.sessions.listUserSessions(userId);
  const others = sessions.filter(({ key }) => key !== keepKey);
  for (const stored of others) await revokeSession(ctx, stored, log);
  await endSsoSessions(ctx, userId, log);
  ctx.users.forget(userId);
  return others.length;
}

import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { endSession } from './end-session.ts';

/**
 * Ends every session of the user except `keepKey` (each one's refresh token revoked by id), e.g.
 * after a password change. Returns how many ended.
 */
export async function endOtherSessions(ctx: AppContext, userId: string, keepKey: string | undefined, log: FastifyBaseLogger): Promise<number> {
  const sessions = await ctx.sessions.listUserSessions(userId);
  const others = sessions.filter(({ key }) => key !== keepKey);
  for (const stored of others) await endSession(ctx, stored, log, 'revoke');
  ctx.users.forget(userId);
  return others.length;
}

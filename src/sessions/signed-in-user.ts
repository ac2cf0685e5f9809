import type { User } from '@fusionauth/typescript-client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../errors.ts';
import { checkApplicationAccess } from '../fusionauth/application-access.ts';
import type { ActiveSession } from './session-manager.ts';
import { identifyFromTokens } from './token-identity.ts';

export interface SignedIn {
  session: ActiveSession;
  user: User;
}

/**
 * The signed-in person, or null. In user mode the user comes from FusionAuth (through the cache, at
 * most USER_RECHECK_SECONDS old); in tokens mode from the verified access token. Either way the
 * application-access rule applies, and a user who no longer passes it loses every session at once.
 */
export async function signedInUser(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<SignedIn | null> {
  const session = request.appSession;
  const userId = session?.record.userId;
  if (!session || !userId) return null;
  if (ctx.config.session.mode === 'tokens') {
    const identity = await identifyFromTokens(ctx, session);
    if (identity.kind === 'signed-in') {
      request.appSession = identity.session;
      return { session: identity.session, user: identity.user };
    }
    if (identity.kind === 'user-barred') return endUserSessions(ctx, request, reply, identity.userId);
    await ctx.sessions.destroy(reply, session);
    ctx.metrics.sessionsEnded.inc({ reason: 'refresh-refused' });
    request.appSession = null;
    return null;
  }
  const user = await confirmUser(ctx, userId);
  return user ? { session, user } : endUserSessions(ctx, request, reply, userId);
}

async function endUserSessions(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
): Promise<null> {
  ctx.log.info({ userId }, 'user no longer allowed in; destroying their sessions');
  ctx.metrics.sessionsEnded.inc({ reason: 'user-not-allowed' }, await ctx.sessions.destroyUserSessions(userId));
  ctx.users.forget(userId);
  ctx.sessions.clearCookie(reply);
  request.appSession = null;
  return null;
}

/**
 * The user when FusionAuth confirms they may use the app; null when they may not. While FusionAuth
 * cannot answer (unreachable, 5xx, no answer in time), the copy this instance last confirmed is
 * served for USER_STALE_IF_ERROR_SECONDS past its recheck: nobody can deactivate or delete the user
 * through a FusionAuth that is down, so that confirmation still stands. Only an answer ends sessions.
 */
async function confirmUser(ctx: AppContext, userId: string): Promise<User | null> {
  const now = ctx.now();
  const recheckMs = ctx.config.userRecheckSeconds * 1000;
  const cached = ctx.users.fresh(userId, now, recheckMs);
  if (cached) return cached;
  let user: User | null;
  try {
    user = await ctx.users.load(userId);
  } catch (error) {
    const stale = isUnavailable(error)
      ? ctx.users.fresh(userId, now, recheckMs + ctx.config.userStaleIfErrorSeconds * 1000)
      : undefined;
    if (!stale) throw error;
    ctx.log.warn(
      { userId, err: error },
      'FusionAuth cannot be reached: serving the last confirmed user (USER_STALE_IF_ERROR_SECONDS)',
    );
    ctx.metrics.staleUserServes.inc();
    return stale;
  }
  if (user && checkApplicationAccess(user, ctx.fusionAuth.applicationId).allowed) {
    ctx.users.remember(user, now);
    return user;
  }
  ctx.users.forget(userId);
  return null;
}

function isUnavailable(error: unknown): boolean {
  return error instanceof AppError && error.code === 'FUSIONAUTH_UNAVAILABLE';
}

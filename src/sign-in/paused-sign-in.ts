import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import type { ActiveSession } from '../sessions/session-manager.ts';
import type { PendingSignIn } from '../sessions/session-store.ts';
import { sendPage } from '../web/send-page.ts';
import { messagePage } from '../web/message-page.ts';

/** A paused sign-in is good for 10 minutes here; FusionAuth's own ids may expire sooner. */
const PENDING_MAX_AGE_MS = 10 * 60 * 1000;

/**
 * Pauses a sign-in for one more step: a brand-new anonymous session (the old one, if any, is
 * destroyed) holds FusionAuth's twoFactorId or changePasswordId server-side.
 */
export async function pauseSignIn(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  pending: Omit<PendingSignIn, 'createdAt'>,
): Promise<void> {
  const previous = request.appSession;
  if (previous) await ctx.sessions.remove(previous.key);
  const session = await ctx.sessions.start(reply, {
    userId: null,
    ip: request.ip,
    userAgent: request.headers['user-agent']?.slice(0, 512),
    pendingSignIn: { ...pending, createdAt: ctx.now() },
  });
  request.appSession = session;
}

/** The request's paused sign-in at `step`, if it is recent enough. */
export async function pendingSignInOf(
  ctx: AppContext,
  request: FastifyRequest,
  step: PendingSignIn['step'],
): Promise<{ session: ActiveSession; pending: PendingSignIn } | null> {
  const session = request.appSession;
  const pending = session?.record.pendingSignIn;
  if (!session || session.record.userId !== null || pending?.step !== step) return null;
  if (ctx.now() - pending.createdAt > PENDING_MAX_AGE_MS) return null;
  return { session, pending };
}

/** A paused sign-in that is missing or that FusionAuth no longer knows: drop it and say so plainly. */
export async function sendSignInStepExpired(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const session = request.appSession;
  if (session && session.record.userId === null && session.record.pendingSignIn)
    await ctx.sessions.destroy(reply, session);
  return sendPage(
    reply,
    400,
    messagePage(
      { signedInAs: null },
      {
        title: 'This sign-in has expired',
        text: 'It took too long, or this step was already done. Sign in again to continue.',
        action: { href: '/login', label: 'Sign in again' },
      },
    ),
  );
}

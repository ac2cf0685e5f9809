import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { sendPage } from '../web/send-page.ts';
import { messagePage } from '../web/views/message-page.ts';
import { sessionOf } from './signed-in.ts';

/** A paused sign-in that is missing or that FusionAuth no longer knows: drop it and say so plainly. */
export async function sendSignInStepExpired(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const session = await sessionOf(ctx, request);
  if (session && session.record.userId === null && session.record.pendingSignIn) await ctx.sessions.destroy(reply, session);
  return sendPage(reply, 400, messagePage({ signedInAs: null }, {
    title: 'This sign-in has expired',
    text: 'It took too long, or this step was already done. Log in again to continue.',
    action: { href: '/login', label: 'Log in again' },
  }));
}

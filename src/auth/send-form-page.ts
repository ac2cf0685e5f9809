import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { sendPage } from '../web/send-page.ts';
import { sessionOf } from './signed-in.ts';

/** Renders a page whose forms need a CSRF token bound to the request's session (or its absence). */
export async function sendFormPage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  render: (csrfToken: string) => string,
): Promise<FastifyReply> {
  const csrfToken = ctx.csrf.tokenFor(request, reply, await sessionOf(ctx, request));
  return sendPage(reply, status, render(csrfToken));
}

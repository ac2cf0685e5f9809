import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';

/**
 * Sends a rendered HTML page with its status. Pages are personal (a name, a CSRF token, a session
 * list), so no browser or proxy may keep a copy: Back after logging out cannot show one again.
 */
export function sendPage(reply: FastifyReply, status: number, page: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
}

/** Renders a page whose forms need a CSRF token bound to the request's session (or its absence). */
export async function sendFormPage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  render: (csrfToken: string) => string,
): Promise<FastifyReply> {
  const csrfToken = ctx.csrf.tokenFor(request, reply, request.appSession);
  return sendPage(reply, status, render(csrfToken));
}

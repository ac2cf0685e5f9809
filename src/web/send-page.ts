import type { FastifyReply } from 'fastify';

/**
 * Sends a rendered HTML page with its status. Pages are personal (a name, a CSRF token, a session
 * list), so no browser or proxy may keep a copy: Back after logging out cannot show one again.
 */
export function sendPage(reply: FastifyReply, status: number, page: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
}

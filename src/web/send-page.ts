import type { FastifyReply } from 'fastify';

/** Sends a rendered HTML page with its status. */
export function sendPage(reply: FastifyReply, status: number, page: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page);
}

/**
 * `POST /dev/reset` (not a FusionAuth API; a development endpoint like /dev/mailbox): puts the state back as
 * it was when the server became ready, for a suite that runs the server as a separate process. It needs an
 * API key, since it deletes every user and token created since; it answers 204.
 */
import type { FastifyInstance } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { requireApiKey } from '../http/auth.ts';

/** Registers POST /dev/reset around the server's `reset`. */
export function registerDevResetRoute(
  app: FastifyInstance,
  context: DevServerContext,
  reset: () => Promise<void>,
): void {
  app.post('/dev/reset', { onRequest: requireApiKey(context) }, async (_request, reply) => {
    await reset();
    return reply.code(204).send();
  });
}

/** `GET /api/status`: 200 once the server is ready (kickstart applied), 503 before (https://fusionauth.io/docs/apis/system). */
import type { FastifyInstance } from 'fastify';

/** Registers the status route; `isReady` tells whether start-up has finished. */
export function registerStatusRoutes(app: FastifyInstance, isReady: () => boolean): void {
  app.get('/api/status', async (_request, reply) => {
    return isReady() ? reply.send({ status: 'ok' }) : reply.code(503).send({ status: 'starting' });
  });
}

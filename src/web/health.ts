import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';

/**
 * For load balancers: GET /healthz says the process is alive; GET /readyz says it can serve sign-ins
 * (the session store and FusionAuth both answer), else 503.
 */
export async function healthRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/healthz', async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const [store, fusionAuth] = await Promise.all([ctx.sessions.ping(), ctx.fusionAuth.ping()]);
    const ready = store && fusionAuth;
    return reply
      .code(ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({
        status: ready ? 'ready' : 'unavailable',
        checks: { sessionStore: store ? 'up' : 'down', fusionAuth: fusionAuth ? 'up' : 'down' },
      });
  });
}

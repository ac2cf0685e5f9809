import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';

/**
 * GET /metrics in Prometheus' text format, only when METRICS_TOKEN is set, and then only for a
 * request carrying it as a Bearer token (`Authorization: Bearer <METRICS_TOKEN>`, Prometheus'
 * `authorization` scrape setting). Unset, there is no such page (404): the figures tell an outsider
 * how many people sign in and fail to.
 */
export async function metricsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const token = ctx.config.metricsToken;
  if (!token) return;
  const expected = digest(token);
  app.get('/metrics', async (request, reply) => {
    if (!timingSafeEqual(digest(bearerTokenOf(request)), expected)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .header('cache-control', 'no-store')
        .send();
    }
    const { contentType, body } = await ctx.metrics.scrape();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
}

function bearerTokenOf(request: FastifyRequest): string {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1] ?? '';
}

/** Equal-length digests, so the comparison takes the same time whatever was sent. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

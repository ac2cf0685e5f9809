import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppMetrics } from '../metrics.ts';
import type { RedisConnection } from '../sessions/redis-client.ts';
import { AppError } from '../errors.ts';
import { formText } from './form-input.ts';
import { withinRedisBudget } from '../sessions/redis-budget.ts';

/** A preHandler that refuses an attempt over the limit with AppError RATE_LIMITED (429 + Retry-After). */
export type AttemptLimiter = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * Limits attempts on the sign-in and registration forms, counted by @fastify/rate-limit (in Redis
 * when the app runs several instances, so the count is shared). Two counters per attempt: the client
 * IP as resolved by TRUST_PROXY (never a raw X-Forwarded-For) and the submitted email — so neither
 * many accounts from one address nor one account from many addresses gets unlimited guesses (a
 * limit keyed on the proxy's address would put every client in one bucket). The plugin's own route hook runs only one limit per request, hence this composition.
 */
export async function createSignInLimiter(
  app: FastifyInstance,
  options: {
    max: number;
    windowSeconds: number;
    redis?: RedisConnection;
    prefix: string;
    metrics: Pick<AppMetrics, 'rateLimited'>;
  },
): Promise<AttemptLimiter> {
  await app.register(fastifyRateLimit, {
    global: false,
    ...(options.redis ? { redis: options.redis, nameSpace: `${options.prefix}rate:` } : {}),
    // A counter-store outage must not lock everyone out; the session store fails closed on its own.
    skipOnError: true,
  });
  const window = { max: options.max, timeWindow: options.windowSeconds * 1000 };
  const perClient = app.createRateLimit({ ...window, keyGenerator: (request) => `ip:${request.ip}` });
  const perLoginId = app.createRateLimit({ ...window, keyGenerator: (request) => `login:${loginIdOf(request)}` });
  return async (request, reply) => {
    // An attempt without an email (a GET starting an OAuth sign-in) counts against its client only.
    const counters =
      loginIdOf(request) === ''
        ? [['ip', perClient] as const]
        : [['ip', perClient] as const, ['login', perLoginId] as const];
    for (const [name, count] of counters) {
      // A counter Redis that fails lets the attempt through (skipOnError); one that hangs spends the request's
      // one Redis budget, and the request, which could not store a session on that Redis either, is a 503.
      const result = await withinRedisBudget(
        () => count(request),
        () => new AppError('SESSION_STORE_UNAVAILABLE', 'the rate-limit counters in Redis do not answer'),
      );
      if (!result.isAllowed && result.isExceeded) {
        options.metrics.rateLimited.inc({ counter: name });
        reply.header('retry-after', String(Math.max(1, result.ttlInSeconds)));
        throw new AppError('RATE_LIMITED', 'too many attempts');
      }
    }
  };
}

function loginIdOf(request: FastifyRequest): string {
  return (formText(request.body, 'email') ?? '').trim().toLowerCase().slice(0, 254);
}

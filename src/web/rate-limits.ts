import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppMetrics } from '../metrics.ts';
import type { RedisConnection } from '../sessions/redis-client.ts';
import { AppError } from '../errors.ts';
import { formText } from './form-input.ts';
import { withinRedisBudget } from '../sessions/redis-budget.ts';

/**
 * How many times RATE_LIMIT_MAX one email may be tried from every address together in a window. One
 * address gets RATE_LIMIT_MAX tries of an email (and of all emails); the email's own ceiling is higher,
 * so one stranger (or a few) guessing at it cannot lock its owner out from everywhere else: only many
 * addresses together reach it, and FusionAuth's own failed-login lockout stands behind it.
 */
const LOGIN_ID_CEILING_FACTOR = 10;

/** A preHandler that refuses an attempt over the limit with AppError RATE_LIMITED (429 + Retry-After). */
export type AttemptLimiter = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * Limits attempts on the sign-in and registration forms, counted by @fastify/rate-limit (in Redis
 * when the app runs several instances, so the count is shared). Three counters per attempt: the client
 * IP as resolved by TRUST_PROXY (never a raw X-Forwarded-For), the submitted email from that IP, and the
 * email from everywhere under a higher ceiling — so neither many accounts from one address nor one
 * account from many addresses gets unlimited guesses, yet one address guessing at an account does not
 * lock its owner out elsewhere (a limit keyed on the proxy's address would put every client in one bucket). The plugin's own route hook runs only one limit per request, hence this composition.
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
  const perLoginIdFromClient = app.createRateLimit({
    ...window,
    keyGenerator: (request) => `login-ip:${loginIdOf(request)}|${request.ip}`,
  });
  const perLoginId = app.createRateLimit({
    max: options.max * LOGIN_ID_CEILING_FACTOR,
    timeWindow: window.timeWindow,
    keyGenerator: (request) => `login:${loginIdOf(request)}`,
  });
  return async (request, reply) => {
    // An attempt without an email (a GET starting an OAuth sign-in) counts against its client only.
    const counters =
      loginIdOf(request) === ''
        ? [['ip', perClient] as const]
        : [['ip', perClient] as const, ['login', perLoginIdFromClient] as const, ['login', perLoginId] as const];
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

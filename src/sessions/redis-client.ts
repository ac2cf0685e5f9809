/**
 * The ioredis client the Redis store creates for itself, tuned to fail closed and fast: while
 * Redis is unreachable every command rejects at once (the app answers 503) instead of queueing
 * behind a reconnect, and the client keeps reconnecting on its own until Redis is back.
 */
import { Redis } from 'ioredis';
import type { StoreLogger } from './store-logger.ts';

/** How long a command may wait for Redis by default (REDIS_COMMAND_TIMEOUT_MS). */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 1_000;

/** Tuning shared by every client the app creates. */
export interface RedisClientOptions {
  /** A command unanswered this long rejects, and the request gets the 503 page. */
  commandTimeoutMs?: number;
}

/** A client for `url` that logs only when Redis goes away and when it comes back. */
export function createRedisClient(url: string, logger: StoreLogger, options: RedisClientOptions = {}): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    // Commands caught in flight by a disconnect reject instead of being replayed later.
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    // A Redis that keeps the connection open but does not answer (stopped, swapping, overloaded)
    // must not hold requests: each command gives up after this, so the page is a prompt 503.
    commandTimeout: options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
    // Retry forever, at most a second apart, so recovery is noticed within a second.
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  });
  let reachable = true;
  client.on('error', (error: Error) => {
    if (reachable) logger.warn({ err: error }, 'Redis is unreachable: session requests fail until it returns');
    reachable = false;
  });
  client.on('ready', () => {
    if (!reachable) logger.warn({}, 'Redis is reachable again');
    reachable = true;
  });
  return client;
}

/**
 * The ioredis client the Redis store creates for itself, tuned to fail closed and fast: while
 * Redis is unreachable every command rejects at once (the app answers 503) instead of queueing
 * behind a reconnect, and the client keeps reconnecting on its own until Redis is back.
 */
import { Redis } from 'ioredis';
import type { StoreLogger } from './store-logger.ts';

/** A client for `url` that logs only when Redis goes away and when it comes back. */
export function createRedisClient(url: string, logger: StoreLogger): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    // Commands caught in flight by a disconnect reject instead of being replayed later.
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    // A Redis that accepts the connection but hangs must not hang requests with it.
    commandTimeout: 2_000,
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

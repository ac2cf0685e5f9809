/**
 * The ioredis client the app creates for REDIS_URL (one server, Sentinel or Cluster), tuned to fail
 * closed and fast: while Redis is unreachable every command rejects at once (the app answers 503)
 * instead of queueing behind a reconnect, and the client keeps reconnecting on its own until Redis
 * (or, after a failover, the newly promoted primary) is back.
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { parseRedisUrl, type RedisNodeAccess } from './redis-url.ts';
import type { StoreLogger } from './store-logger.ts';

/** A client of one Redis server or of a Sentinel-managed primary (`Redis`), or of a Redis Cluster. */
export type RedisConnection = Redis | Cluster;

/** How long a command may wait for Redis by default (REDIS_COMMAND_TIMEOUT_MS). */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 1_000;

/** Tuning shared by every client the app creates. */
export interface RedisClientOptions {
  /** A command unanswered this long rejects, and the request gets the 503 page. */
  commandTimeoutMs?: number;
}

/** Retry forever, at most a second apart, so recovery is noticed within a second. */
const retryWithinASecond = (attempt: number): number => Math.min(attempt * 100, 1_000);

function failFast(options: RedisClientOptions): RedisOptions {
  return {
    enableOfflineQueue: false,
    // Commands caught in flight by a disconnect reject instead of being replayed later.
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    // A Redis that keeps the connection open but does not answer (stopped, swapping, overloaded)
    // must not hold requests: each command gives up after this, so the page is a prompt 503.
    commandTimeout: options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
    retryStrategy: retryWithinASecond,
  };
}

/** Clients whose REDIS_URL names a database their server lacks, and what to tell the operator. */
const wrongDatabases = new WeakMap<RedisConnection, string>();

/**
 * Why `client` must not be used, when its REDIS_URL names a database the server does not have: ioredis
 * then stays on database 0 (its SELECT failed), where the sessions of another configuration may live.
 * Set until the app restarts with a REDIS_URL that fits.
 */
export function wrongDatabaseOf(client: RedisConnection): string | undefined {
  return wrongDatabases.get(client);
}

/**
 * A client for `url` (see REDIS_URL_FORMS) that logs only when Redis goes away and when it comes back, or
 * that the database REDIS_URL names does not exist there.
 */
export function createRedisClient(url: string, logger: StoreLogger, options: RedisClientOptions = {}): RedisConnection {
  const client = connect(url, failFast(options));
  let reachable = true;
  client.on('error', (error: Error) => {
    if (/DB index is out of range/i.test(error.message)) {
      const problem = `REDIS_URL names database ${databaseOf(url)}, which this Redis does not have (a Redis has 16 unless its databases setting says otherwise, numbered from 0): sessions are refused until REDIS_URL names one it has`;
      if (!wrongDatabases.has(client)) logger.warn({}, problem);
      wrongDatabases.set(client, problem);
      return;
    }
    if (reachable) logger.warn({ err: error }, 'Redis is unreachable: session requests fail until it returns');
    reachable = false;
  });
  client.on('ready', () => {
    if (!reachable) logger.warn({}, 'Redis is reachable again');
    reachable = true;
  });
  return client;
}

/** The database number REDIS_URL selects (0 when it names none). */
function databaseOf(url: string): number {
  const target = parseRedisUrl(url);
  if (target.kind === 'sentinel') return target.db;
  if (target.kind === 'cluster') return 0;
  return Number(new URL(target.url).pathname.slice(1) || 0);
}

function connect(url: string, tuning: RedisOptions): RedisConnection {
  const target = parseRedisUrl(url);
  switch (target.kind) {
    case 'standalone':
      return new Redis(url, tuning);
    case 'sentinel':
      return new Redis({
        ...tuning,
        ...nodeAccess(target),
        sentinels: target.sentinels,
        name: target.primaryName,
        db: target.db,
        sentinelRetryStrategy: retryWithinASecond,
        // A demoted primary that stayed up answers writes with READONLY: reconnect, which asks the
        // Sentinels for the new primary. (A primary that died drops the connection, which does the same.)
        reconnectOnError: (error) => error.message.startsWith('READONLY'),
        ...(target.tls ? { enableTLSForSentinelMode: true } : {}),
      });
    case 'cluster':
      return new Cluster(target.seeds, {
        enableOfflineQueue: false,
        clusterRetryStrategy: retryWithinASecond,
        redisOptions: { ...tuning, ...nodeAccess(target) },
      });
  }
}

function nodeAccess(access: RedisNodeAccess): RedisOptions {
  return {
    ...(access.username ? { username: access.username } : {}),
    ...(access.password ? { password: access.password } : {}),
    ...(access.tls ? { tls: {} } : {}),
  };
}

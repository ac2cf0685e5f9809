import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { findFreePort } from '../test/support/free-port.ts';
import { deleteKeysWithPrefix, startRedisServer, stopRedisServer } from '../test/support/redis-fixtures.ts';

/** The Redis the bench measures against, and the key prefixes it handed out. */
export interface BenchRedis {
  url: string;
  /** Where it came from, for BENCHMARKS.md. */
  origin: string;
  /** A fresh key prefix; its keys are deleted by {@link BenchRedis.stop}. */
  newPrefix(): string;
  stop(): Promise<void>;
}

/**
 * A private redis-server on a free loopback port in a temp dir (no persistence), or the Redis that
 * REDIS_URL names, where only the bench's own prefixes are touched.
 */
export async function startBenchRedis(): Promise<BenchRedis> {
  const prefixes: string[] = [];
  const newPrefix = () => {
    const prefix = `fa-bench-${randomUUID().slice(0, 8)}:`;
    prefixes.push(prefix);
    return prefix;
  };
  const given = process.env.REDIS_URL;
  if (given) {
    return {
      url: given,
      origin: 'the Redis named by REDIS_URL',
      newPrefix,
      async stop() {
        const redis = new Redis(given);
        for (const prefix of prefixes) await deleteKeysWithPrefix(redis, prefix);
        redis.disconnect();
      },
    };
  }
  const port = await findFreePort();
  const server = await startRedisServer(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    origin: 'a private redis-server started by the bench (no persistence)',
    newPrefix,
    stop: () => stopRedisServer(server),
  };
}

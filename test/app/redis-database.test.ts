/**
 * A REDIS_URL naming a database the Redis server does not have (`/99` where it has 16) used to go unseen:
 * ioredis stayed on database 0, /readyz said ready and the sessions landed in database 0. Now the store
 * refuses to serve on the wrong database, /readyz says it is not ready, and the log says why.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { RedisSessionStore } from '../../src/sessions/redis-store.ts';
import { findFreePort } from '../support/free-port.ts';
import { skipRedisSuites, startRedisServer, stopRedisServer } from '../support/redis-fixtures.ts';

describe(
  'regression: a REDIS_URL database the server lacks silently used database 0',
  { skip: skipRedisSuites },
  () => {
    let redis: ChildProcess;
    let port: number;
    before(async () => {
      port = await findFreePort();
      redis = await startRedisServer(port);
    });
    after(() => stopRedisServer(redis));

    test('the store is not ready, refuses sessions, and the log names the database', async () => {
      const warnings: string[] = [];
      const store = new RedisSessionStore({
        url: `redis://127.0.0.1:${port}/99`,
        logger: { warn: (_fields: object, message: string) => warnings.push(message) },
      });
      try {
        let ready = true;
        for (let i = 0; i < 40 && (ready || warnings.length === 0); i++) {
          ready = await store.ping();
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        assert.equal(ready, false, 'not ready');
        assert.match(warnings.join('\n'), /REDIS_URL names database 99, which this Redis does not have/);
        await assert.rejects(
          store.get('a'.repeat(64)),
          { code: 'SESSION_STORE_UNAVAILABLE' },
          'the page is the 503 page',
        );
        const direct = new Redis({ port, host: '127.0.0.1' });
        assert.equal(await direct.dbsize(), 0, 'nothing written to database 0');
        await direct.quit();
      } finally {
        await store.close();
      }
    });
  },
);

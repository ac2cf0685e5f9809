import { randomUUID } from 'node:crypto';
import { after, before, describe } from 'node:test';
import { RedisSessionStore } from '../../src/sessions/redis-store.ts';
import { describeSessionStoreContract } from './session-store-contract.ts';
import { recordingLogger, waitFor } from './session-fixtures.ts';
import { redisServerMissing, startRedisSentinel, type RedisSentinelSetup } from '../support/redis-topologies.ts';

describe(
  'RedisSessionStore through Redis Sentinel (a primary, a replica, three Sentinels)',
  { skip: redisServerMissing() },
  () => {
    let sentinel: RedisSentinelSetup;
    before(async () => {
      sentinel = await startRedisSentinel();
    });
    after(() => sentinel?.stop());

    describeSessionStoreContract(
      'RedisSessionStore through Redis Sentinel',
      async () => {
        const store = new RedisSessionStore({
          url: sentinel.url,
          prefix: `fa-test:${randomUUID()}:`,
          logger: recordingLogger(),
        });
        await waitFor(() => store.ping());
        return { store, dispose: () => store.close() };
      },
      { expiresSessionsItself: true },
    );
  },
);

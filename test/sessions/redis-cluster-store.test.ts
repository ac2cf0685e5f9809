import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { RedisSessionStore } from '../../src/sessions/redis-store.ts';
import { describeSessionStoreContract } from './session-store-contract.ts';
import { makeSession, newSessionKey, newUserId, recordingLogger, waitFor } from './session-fixtures.ts';
import { redisServerMissing, startRedisCluster, type RedisClusterSetup } from '../support/redis-topologies.ts';

const skip = redisServerMissing();

describe('RedisSessionStore on a Redis Cluster of three primaries with replicas', { skip }, () => {
  let cluster: RedisClusterSetup;
  before(async () => {
    cluster = await startRedisCluster();
  });
  after(() => cluster?.stop());

  /** A store on the cluster under a prefix of its own. */
  async function openStore(): Promise<{ store: RedisSessionStore; dispose: () => Promise<void> }> {
    const store = new RedisSessionStore({
      url: cluster.url,
      prefix: `fa-test:${randomUUID()}:`,
      logger: recordingLogger(),
    });
    await waitFor(() => store.ping());
    return { store, dispose: () => store.close() };
  }

  describeSessionStoreContract('RedisSessionStore on Redis Cluster', () => openStore(), {
    expiresSessionsItself: true,
  });

  test('a user’s sessions, their index, locks and the revocation instant work across the cluster without CROSSSLOT errors', async () => {
    const { store, dispose } = await openStore();
    try {
      const userId = newUserId();
      const keys = Array.from({ length: 20 }, () => newSessionKey());
      for (const key of keys) await store.create(key, makeSession(userId));
      assert.equal((await store.listUserSessions(userId)).length, 20);
      assert.equal(await store.sweepExpired(Date.now()), 0);
      const release = await store.acquireLock('refresh:cluster', 5_000);
      assert.ok(release);
      await release();
      await store.revokeAllBefore(12_345);
      assert.equal(await store.revokedBefore(), 12_345);
      assert.equal(await store.destroyUserSessions(userId), 20);
      assert.deepEqual(await store.listUserSessions(userId), []);
    } finally {
      await dispose();
    }
  });
});

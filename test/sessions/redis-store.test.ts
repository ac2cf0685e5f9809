import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { RedisSessionStore } from '../../src/sessions/redis-store.ts';
import { describeSessionStoreContract } from './session-store-contract.ts';
import { makeSession, newSessionKey, newUserId, recordingLogger, waitFor } from './session-fixtures.ts';
import {
  deleteKeysWithPrefix,
  sharedRedisUrl,
  skipRedisSuites,
  startRedisServer,
  stopRedisServer,
} from '../support/redis-fixtures.ts';
import { findFreePort } from '../support/free-port.ts';

const redisUrl = skipRedisSuites ? undefined : await sharedRedisUrl();
/** Connects on its first command: never, when the suites skip. */
const admin = new Redis(redisUrl ?? '', { lazyConnect: true });
after(() => admin.disconnect());

/** A store on the test run's Redis under a prefix of its own, ready to take commands. */
async function openStore(
  logger = recordingLogger(),
): Promise<{ store: RedisSessionStore; prefix: string; dispose(): Promise<void> }> {
  const prefix = `fa-test:${randomUUID()}:`;
  const store = new RedisSessionStore({ url: redisUrl, prefix, logger });
  await waitFor(() => store.ping());
  return {
    store,
    prefix,
    dispose: async () => {
      await store.close();
      await deleteKeysWithPrefix(admin, prefix);
    },
  };
}

describeSessionStoreContract('RedisSessionStore', () => openStore(), {
  expiresSessionsItself: true,
  skip: skipRedisSuites,
});

describe('RedisSessionStore in Redis', { skip: skipRedisSuites }, () => {
  let fixture: Awaited<ReturnType<typeof openStore>>;
  let store: RedisSessionStore;
  let logger: ReturnType<typeof recordingLogger>;

  beforeEach(async () => {
    logger = recordingLogger();
    fixture = await openStore(logger);
    store = fixture.store;
  });
  afterEach(() => fixture.dispose());

  test('a session lives under the prefix with a TTL that follows expiresAt', async () => {
    const [key, userId] = [newSessionKey(), newUserId()];
    const session = makeSession(userId, { expiresAt: Date.now() + 60_000 });
    await store.create(key, session);
    const sessionKey = `${fixture.prefix}{sessions}:session:${key}`;
    assertAbout(await admin.pttl(sessionKey), 60_000);
    await store.update(key, { ...session, expiresAt: Date.now() + 120_000 });
    assertAbout(await admin.pttl(sessionKey), 120_000);
    assert.ok(
      (await admin.pttl(`${fixture.prefix}{sessions}:user-sessions:${userId}`)) >= (await admin.pttl(sessionKey)),
      "the user's index outlives the session",
    );
  });

  test('a lock is a key under the prefix that disappears on release', async () => {
    const release = await store.acquireLock('refresh:x', 5_000);
    assert.ok(release);
    assertAbout(await admin.pttl(`${fixture.prefix}{sessions}:lock:refresh:x`), 5_000);
    await release();
    assert.equal(await admin.exists(`${fixture.prefix}{sessions}:lock:refresh:x`), 0);
  });

  test('a Redis value that is not a session reads as null with a warning', async () => {
    const key = newSessionKey();
    await admin.set(`${fixture.prefix}{sessions}:session:${key}`, 'not json', 'PX', 60_000);
    assert.equal(await store.get(key), null);
    assert.match(logger.warnings.join('\n'), /not a session record/);
  });

  test("a session rewritten in Redis behind the store (another instance) is read as rewritten at once, and a reader's copy is its own", async () => {
    const key = newSessionKey();
    const session = makeSession(newUserId());
    await store.create(key, session);
    const read = await store.get(key);
    assert.deepEqual(read, session);
    assert.ok(read);
    read.lastSeenAt = 0;
    assert.deepEqual(await store.get(key), session, 'changing a record read does not change the next read');
    await admin.set(
      `${fixture.prefix}{sessions}:session:${key}`,
      JSON.stringify({ ...session, userAgent: 'another instance' }),
      'KEEPTTL',
    );
    assert.equal((await store.get(key))?.userAgent, 'another instance');
    await admin.del(`${fixture.prefix}{sessions}:session:${key}`);
    assert.equal(await store.get(key), null);
  });

  test('listing drops index entries of sessions Redis has expired', async () => {
    const userId = newUserId();
    await store.create(newSessionKey(), makeSession(userId, { expiresAt: Date.now() + 20 }));
    await sleep(40);
    assert.deepEqual(await store.listUserSessions(userId), []);
    assert.deepEqual(await admin.smembers(`${fixture.prefix}{sessions}:user-sessions:${userId}`), []);
  });

  test('sweepExpired drops index entries of expired sessions and keeps the live ones', async () => {
    const [userId, live] = [newUserId(), newSessionKey()];
    await store.create(live, makeSession(userId));
    await store.create(newSessionKey(), makeSession(userId, { expiresAt: Date.now() + 20 }));
    await sleep(40);
    assert.equal(await store.sweepExpired(Date.now()), 0);
    assert.deepEqual(await admin.smembers(`${fixture.prefix}{sessions}:user-sessions:${userId}`), [live]);
  });
});

describe('RedisSessionStore when Redis goes down and comes back', { skip: skipRedisSuites }, () => {
  let port: number;
  let server: ChildProcess;
  let store: RedisSessionStore;
  const logger = recordingLogger();

  before(async () => {
    port = await findFreePort();
    server = await startRedisServer(port);
    store = new RedisSessionStore({ url: `redis://127.0.0.1:${port}`, logger });
    await waitFor(() => store.ping());
  });
  after(async () => {
    await store.close();
    await stopRedisServer(server);
  });

  test('operations reject with the unavailable error, and the same store recovers on its own', async () => {
    const key = newSessionKey();
    const session = makeSession(newUserId());
    await store.create(key, session);
    await stopRedisServer(server);

    const unavailable = { code: 'SESSION_STORE_UNAVAILABLE' };
    await assert.rejects(store.get(key), unavailable);
    await assert.rejects(store.create(newSessionKey(), session), unavailable);
    await assert.rejects(store.update(key, session), unavailable);
    await assert.rejects(store.destroy(key), unavailable);
    await assert.rejects(store.listUserSessions('someone'), unavailable);
    await assert.rejects(store.acquireLock('refresh:y', 1_000), unavailable);
    assert.equal(await store.ping(), false);
    await waitFor(async () => logger.warnings.some((warning) => warning.includes('Redis is unreachable')));

    server = await startRedisServer(port);
    await waitFor(() => store.ping());
    const fresh = newSessionKey();
    await store.create(fresh, session);
    assert.deepEqual(await store.get(fresh), session);
  });
});

/** Asserts a PTTL is set and within a second below `expectedMs`. */
function assertAbout(pttl: number, expectedMs: number): void {
  assert.ok(pttl > expectedMs - 1_000 && pttl <= expectedMs, `PTTL ${pttl} should be just under ${expectedMs}`);
}

/**
 * The behaviour every session backend (store, locks, revocation instant) must show, registered as node:test tests for one
 * implementation. memory-store.test.ts, file-store.test.ts and redis-store.test.ts run it.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import type { SessionBackend } from '../../src/sessions/session-store.ts';
import { makeExpiredSession, makeSession, newSessionKey, newUserId } from './session-fixtures.ts';

/** A store under test and how to clean up after it. */
export interface StoreFixture {
  store: SessionBackend;
  dispose(): Promise<void>;
}

export interface ContractOptions {
  /** The backend forgets expired sessions by itself (Redis TTLs), so a sweep has none to count. */
  expiresSessionsItself?: boolean;
  /** node:test's `skip`: the reason this backend cannot be tested here. */
  skip?: false | string;
}

/** Registers the session-store contract for the stores `openStore` makes, a fresh one per test. */
export function describeSessionStoreContract(
  name: string,
  openStore: () => Promise<StoreFixture>,
  options: ContractOptions = {},
): void {
  describe(`${name}: the session-store contract`, { skip: options.skip ?? false }, () => {
    let fixture: StoreFixture;
    let store: SessionBackend;

    beforeEach(async () => {
      fixture = await openStore();
      store = fixture.store;
    });
    afterEach(() => fixture.dispose());

    test('a created session reads back unchanged', async () => {
      const key = newSessionKey();
      const session = makeSession(newUserId(), { ip: '203.0.113.7', userAgent: 'test' });
      await store.create(key, session);
      assert.deepEqual(await store.get(key), session);
    });

    test("the store keeps its own copy: changing the caller's object changes nothing", async () => {
      const key = newSessionKey();
      const session = makeSession(newUserId());
      await store.create(key, session);
      const stored = structuredClone(session);
      session.csrfSecret = 'changed';
      assert.deepEqual(await store.get(key), stored);
    });

    test('an unknown key reads as null', async () => {
      assert.equal(await store.get(newSessionKey()), null);
    });

    test('a session past its expiresAt reads as null', async () => {
      const key = newSessionKey();
      await store.create(key, makeExpiredSession(newUserId()));
      assert.equal(await store.get(key), null);
    });

    test('a key that is not a hash is refused', async () => {
      await assert.rejects(store.get('../etc/passwd'), { code: 'SESSION_KEY_INVALID' });
      await assert.rejects(store.create('', makeSession(null)), { code: 'SESSION_KEY_INVALID' });
    });

    test('an update replaces the stored session and reports true', async () => {
      const key = newSessionKey();
      const session = makeSession(newUserId());
      await store.create(key, session);
      const touched = { ...session, lastSeenAt: session.lastSeenAt + 5_000, ip: '192.0.2.44' };
      assert.equal(await store.update(key, touched), true);
      assert.deepEqual(await store.get(key), touched);
    });

    test('updating a destroyed session returns false and does not bring it back', async () => {
      const key = newSessionKey();
      const userId = newUserId();
      const session = makeSession(userId);
      await store.create(key, session);
      await store.destroy(key);
      assert.equal(await store.update(key, session), false);
      assert.equal(await store.get(key), null);
      assert.deepEqual(await store.listUserSessions(userId), []);
    });

    test('updating an expired session returns false', async () => {
      const key = newSessionKey();
      const expired = makeExpiredSession(newUserId());
      await store.create(key, expired);
      assert.equal(await store.update(key, { ...expired, expiresAt: Date.now() + 60_000 }), false);
      assert.equal(await store.get(key), null);
    });

    test('destroying a missing session is not an error', async () => {
      await store.destroy(newSessionKey());
    });

    test('updates racing a destroy never resurrect the session', async () => {
      for (let round = 0; round < 20; round += 1) {
        const key = newSessionKey();
        const userId = newUserId();
        const session = makeSession(userId);
        await store.create(key, session);
        const before = store.update(key, { ...session, lastSeenAt: session.lastSeenAt + 1 });
        const destroyed = store.destroy(key);
        const after = store.update(key, { ...session, lastSeenAt: session.lastSeenAt + 2 });
        await Promise.all([before, destroyed]);
        assert.equal(await after, false, 'an update asked for after the destroy must not write');
        assert.equal(await store.get(key), null);
        assert.deepEqual(await store.listUserSessions(userId), []);
      }
    });

    test('many concurrent updates to one session leave one complete record', async () => {
      const key = newSessionKey();
      const session = makeSession(newUserId());
      await store.create(key, session);
      const versions = Array.from({ length: 50 }, (_, i) => ({
        ...session,
        lastSeenAt: session.lastSeenAt + i,
        ip: `10.0.0.${i}`,
      }));
      const results = await Promise.all(versions.map((version) => store.update(key, version)));
      assert.ok(results.every(Boolean));
      const stored = await store.get(key);
      assert.ok(
        versions.some((version) => isDeepStrictEqual(version, stored)),
        'one of the written versions survives whole',
      );
    });

    test('listUserSessions lists every live session of the user with its key', async () => {
      const userId = newUserId();
      const [first, second, expired, othersKey] = [newSessionKey(), newSessionKey(), newSessionKey(), newSessionKey()];
      await store.create(first, makeSession(userId));
      await store.create(second, makeSession(userId));
      await store.create(expired, makeExpiredSession(userId));
      await store.create(othersKey, makeSession(newUserId()));
      const listed = await store.listUserSessions(userId);
      assert.deepEqual(listed.map((entry) => entry.key).sort(), [first, second].sort());
      for (const entry of listed) assert.deepEqual(entry.session, await store.get(entry.key));
    });

    test("a session whose user changes on update moves to the new user's list", async () => {
      const [from, to] = [newUserId(), newUserId()];
      const key = newSessionKey();
      const session = makeSession(from);
      await store.create(key, session);
      assert.equal(await store.update(key, { ...session, userId: to }), true);
      assert.deepEqual(await store.listUserSessions(from), []);
      assert.deepEqual(
        (await store.listUserSessions(to)).map((entry) => entry.key),
        [key],
      );
      assert.equal(await store.destroyUserSessions(from), 0);
      assert.notEqual(await store.get(key), null);
    });

    test("destroyUserSessions removes all of one user's sessions and only theirs", async () => {
      const [userId, otherUser] = [newUserId(), newUserId()];
      const mine = [newSessionKey(), newSessionKey(), newSessionKey()];
      const [others, anonymous] = [newSessionKey(), newSessionKey()];
      for (const key of mine) await store.create(key, makeSession(userId));
      await store.create(others, makeSession(otherUser));
      await store.create(anonymous, makeSession(null));
      assert.equal(await store.destroyUserSessions(userId), 3);
      for (const key of mine) assert.equal(await store.get(key), null);
      assert.deepEqual(await store.listUserSessions(userId), []);
      assert.notEqual(await store.get(others), null);
      assert.notEqual(await store.get(anonymous), null);
    });

    test("anonymous sessions are in no user's list", async () => {
      const key = newSessionKey();
      await store.create(key, makeSession(null));
      for (const userId of ['null', '', 'undefined']) assert.deepEqual(await store.listUserSessions(userId), []);
      assert.notEqual(await store.get(key), null);
    });

    test('sweepExpired removes the expired sessions and keeps the live ones', async () => {
      const userId = newUserId();
      const [live, expired, expiredAnonymous] = [newSessionKey(), newSessionKey(), newSessionKey()];
      await store.create(live, makeSession(userId));
      await store.create(expired, makeExpiredSession(userId));
      await store.create(expiredAnonymous, makeExpiredSession(null));
      const removed = await store.sweepExpired(Date.now());
      if (!options.expiresSessionsItself) assert.equal(removed, 2);
      assert.equal(await store.get(expired), null);
      assert.equal(await store.get(expiredAnonymous), null);
      assert.notEqual(await store.get(live), null);
      assert.deepEqual(
        (await store.listUserSessions(userId)).map((entry) => entry.key),
        [live],
      );
      assert.equal(await store.destroyUserSessions(userId), 1);
    });

    test('a revoked session is gone, and its tombstone says it was revoked rather than expired, and why', async () => {
      const [revoked, expired, destroyed] = [newSessionKey(), newSessionKey(), newSessionKey()];
      const userId = newUserId();
      const session = makeSession(userId);
      await store.create(revoked, session);
      await store.create(destroyed, makeSession(userId));
      await store.create(expired, makeExpiredSession(userId));
      await store.revoke(revoked, session.expiresAt, '{"cause":"admin"}');
      await store.destroy(destroyed);
      assert.equal(await store.get(revoked), null);
      assert.deepEqual(await store.listUserSessions(userId), []);
      assert.equal(await store.revocationNote(revoked), '{"cause":"admin"}');
      assert.equal(await store.revocationNote(expired), null);
      assert.equal(await store.revocationNote(destroyed), null, 'a plain destroy (a logout) leaves no tombstone');
      assert.equal(await store.revocationNote(newSessionKey()), null);
    });

    test('a tombstone lasts until the revoked session would have expired, and outlives a new session under its key', async () => {
      const key = newSessionKey();
      await store.create(key, makeSession(newUserId()));
      await store.revoke(key, Date.now() + 80, 'other-device\nline two');
      await store.create(key, makeSession(null));
      assert.equal(await store.revocationNote(key), 'other-device\nline two');
      await sleep(120);
      await store.sweepExpired(Date.now());
      assert.equal(await store.revocationNote(key), null);
    });

    test('a lock is exclusive until its holder releases it', async () => {
      const release = await store.acquireLock('refresh:a', 5_000);
      assert.ok(release);
      assert.equal(await store.acquireLock('refresh:a', 5_000), null);
      assert.ok(await store.acquireLock('refresh:b', 5_000), 'another name is not blocked');
      await release();
      assert.ok(await store.acquireLock('refresh:a', 5_000));
    });

    test('a lock expires after its ttl', async () => {
      assert.ok(await store.acquireLock('refresh:c', 30));
      await sleep(60);
      assert.ok(await store.acquireLock('refresh:c', 5_000));
    });

    test('only the current holder can release a lock', async () => {
      const staleRelease = await store.acquireLock('refresh:d', 30);
      assert.ok(staleRelease);
      await sleep(60);
      const release = await store.acquireLock('refresh:d', 5_000);
      assert.ok(release);
      await staleRelease();
      assert.equal(await store.acquireLock('refresh:d', 5_000), null, 'the expired holder freed nothing');
      await release();
      assert.ok(await store.acquireLock('refresh:d', 5_000));
    });

    test('an application-wide revocation instant starts at 0, rises, and never falls back', async () => {
      assert.equal(await store.revokedBefore(), 0);
      await store.revokeAllBefore(1_700_000_000_000);
      assert.equal(await store.revokedBefore(), 1_700_000_000_000);
      await store.revokeAllBefore(1_600_000_000_000);
      assert.equal(await store.revokedBefore(), 1_700_000_000_000, 'an older (replayed) revocation changes nothing');
      await store.revokeAllBefore(1_800_000_000_000);
      assert.equal(await store.revokedBefore(), 1_800_000_000_000);
    });

    test('ping reports a working store', async () => {
      assert.equal(await store.ping(), true);
    });
  });
}

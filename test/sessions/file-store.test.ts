import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { FILE_RECHECK_MS, FileSessionStore } from '../../src/sessions/file-store.ts';
import { describeSessionStoreContract } from './session-store-contract.ts';
import { makeExpiredSession, makeSession, newSessionKey, newUserId, recordingLogger } from './session-fixtures.ts';

async function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'file-session-store-'));
}

describeSessionStoreContract('FileSessionStore', async () => {
  const dir = await makeTempDir();
  const store = new FileSessionStore({ dir, logger: recordingLogger() });
  return {
    store,
    dispose: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('FileSessionStore on disk', () => {
  let dir: string;
  let logger: ReturnType<typeof recordingLogger>;
  let store: FileSessionStore;
  const sessionFile = (key: string) => join(dir, 'sessions', `${key}.json`);
  const userDir = (userId: string) => join(dir, 'users', createHash('sha256').update(userId).digest('hex'));

  beforeEach(async () => {
    dir = await makeTempDir();
    logger = recordingLogger();
    store = new FileSessionStore({ dir, logger });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  /** Past the recheck interval: every read from now on looks at the file again. */
  const afterRecheck = () => new Promise((resolve) => setTimeout(resolve, FILE_RECHECK_MS + 1));

  test('a corrupt session file reads as null with a warning, and the store keeps working', async () => {
    const corrupt = newSessionKey();
    await writeFile(sessionFile(corrupt), '{"id": "trunc');
    assert.equal(await store.get(corrupt), null);
    assert.equal(await store.update(corrupt, makeSession(null)), false);
    assert.equal(await store.sweepExpired(Date.now()), 0);
    assert.ok(logger.warnings.length > 0);
    const key = newSessionKey();
    await store.create(key, makeSession(newUserId()));
    assert.notEqual(await store.get(key), null);
  });

  test('a file holding some other JSON is skipped like a corrupt one', async () => {
    const foreign = newSessionKey();
    await writeFile(sessionFile(foreign), JSON.stringify({ hello: 'world' }));
    assert.equal(await store.get(foreign), null);
    assert.match(logger.warnings.join('\n'), /not a session record/);
  });

  test('foreign files among sessions and in the index are skipped with a warning', async () => {
    const userId = newUserId();
    const key = newSessionKey();
    await store.create(key, makeExpiredSession(userId));
    await writeFile(join(dir, 'sessions', 'notes.txt'), 'hello');
    await writeFile(join(userDir(userId), '.DS_Store'), '');
    assert.equal(await store.sweepExpired(Date.now()), 1);
    assert.deepEqual(await store.listUserSessions(userId), []);
    assert.match(logger.warnings.join('\n'), /foreign file among sessions/);
    assert.match(logger.warnings.join('\n'), /foreign file in the session index/);
  });

  test('keys that could escape the directory are refused and write nothing', async () => {
    const parent = await makeTempDir();
    const nested = new FileSessionStore({ dir: join(parent, 'store'), logger });
    for (const key of [
      '../../etc/passwd',
      '..',
      `../${newSessionKey()}`,
      `${newSessionKey()}/x`,
      'a.b.c.d.e.f.g.h.i',
      'short',
    ]) {
      await assert.rejects(nested.create(key, makeSession(newUserId())), { code: 'SESSION_KEY_INVALID' });
      await assert.rejects(nested.get(key), { code: 'SESSION_KEY_INVALID' });
      await assert.rejects(nested.update(key, makeSession(null)), { code: 'SESSION_KEY_INVALID' });
      await assert.rejects(nested.destroy(key), { code: 'SESSION_KEY_INVALID' });
    }
    assert.deepEqual(await readdir(parent), ['store']);
    assert.deepEqual(await readdir(join(parent, 'store', 'sessions')), []);
    await rm(parent, { recursive: true, force: true });
  });

  test('a session file rewritten or removed behind the store is seen within the recheck interval, whatever it read before', async () => {
    const key = newSessionKey();
    const session = makeSession(newUserId());
    await store.create(key, session);
    assert.deepEqual(await store.get(key), session);
    const rewritten = { ...session, userAgent: 'rewritten by an operator' };
    await writeFile(sessionFile(key), JSON.stringify(rewritten));
    await afterRecheck();
    assert.equal((await store.get(key))?.userAgent, 'rewritten by an operator');
    await rm(sessionFile(key));
    await afterRecheck();
    assert.equal(await store.get(key), null);
  });

  test('a session revoked through another store on the same folder (as another process would) is gone for this one within the recheck interval', async () => {
    const other = new FileSessionStore({ dir, logger });
    const key = newSessionKey();
    await store.create(key, makeSession(newUserId()));
    assert.notEqual(await store.get(key), null);
    await other.revoke(key, Date.now() + 60_000, 'admin');
    await afterRecheck();
    assert.equal(await store.get(key), null);
    assert.equal(await store.revocationNote(key), 'admin');
    await other.close();
  });

  test("the store's own writes and removals are seen at once, without waiting for a recheck", async () => {
    const key = newSessionKey();
    const session = makeSession(newUserId());
    await store.create(key, session);
    assert.deepEqual(await store.get(key), session);
    await store.update(key, { ...session, userAgent: 'updated' });
    assert.equal((await store.get(key))?.userAgent, 'updated');
    await store.destroy(key);
    assert.equal(await store.get(key), null);
  });

  test('a record read from the store can be changed by its reader without changing what the store holds', async () => {
    const key = newSessionKey();
    const session = makeSession(newUserId());
    await store.create(key, session);
    const read = await store.get(key);
    assert.ok(read);
    read.lastSeenAt = 0;
    assert.deepEqual(await store.get(key), session);
  });

  test('an index entry whose session file is gone is dropped when listing', async () => {
    const userId = newUserId();
    const key = newSessionKey();
    await store.create(key, makeSession(userId));
    await rm(sessionFile(key));
    assert.deepEqual(await store.listUserSessions(userId), []);
    assert.deepEqual(await readdir(userDir(userId)), []);
  });

  test("an index entry pointing at another user's session is dropped, and that session survives", async () => {
    const [owner, intruder] = [newUserId(), newUserId()];
    const key = newSessionKey();
    await store.create(key, makeSession(owner));
    await store.create(newSessionKey(), makeSession(intruder));
    await writeFile(join(userDir(intruder), key), '');
    assert.equal(await store.destroyUserSessions(intruder), 1);
    assert.notEqual(await store.get(key), null);
    assert.deepEqual(await readdir(userDir(intruder)), []);
  });

  test('sweepExpired deletes the index entries of the sessions it removes', async () => {
    const userId = newUserId();
    const [live, expired] = [newSessionKey(), newSessionKey()];
    await store.create(live, makeSession(userId));
    await store.create(expired, makeExpiredSession(userId));
    assert.equal(await store.sweepExpired(Date.now()), 1);
    assert.deepEqual(await readdir(userDir(userId)), [live]);
    assert.deepEqual(await readdir(join(dir, 'sessions')), [`${live}.json`]);
  });

  test('sweepExpired measures expiry against the time it is given', async () => {
    const key = newSessionKey();
    await store.create(key, makeSession(null, { expiresAt: Date.now() + 60_000 }));
    assert.equal(await store.sweepExpired(Date.now()), 0);
    assert.equal(await store.sweepExpired(Date.now() + 120_000), 1);
  });

  test('concurrent updates leave no temporary files behind', async () => {
    const key = newSessionKey();
    const session = makeSession(newUserId());
    await store.create(key, session);
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.update(key, { ...session, lastSeenAt: i })));
    assert.deepEqual(await readdir(join(dir, 'sessions')), [`${key}.json`]);
  });

  test('a disk failure rejects with the unavailable error rather than reading as logged out', async () => {
    await rm(join(dir, 'sessions'), { recursive: true });
    await writeFile(join(dir, 'sessions'), 'not a directory');
    const key = newSessionKey();
    await assert.rejects(store.get(key), { code: 'SESSION_STORE_UNAVAILABLE' });
    await assert.rejects(store.create(key, makeSession(null)), { code: 'SESSION_STORE_UNAVAILABLE' });
    await assert.rejects(store.sweepExpired(Date.now()), { code: 'SESSION_STORE_UNAVAILABLE' });
    assert.equal(await store.ping(), false);
  });
});

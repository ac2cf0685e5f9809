import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createSessionStore } from '../../src/sessions/create-session-store.ts';
import { FileSessionStore } from '../../src/sessions/file-store.ts';
import { MemorySessionStore } from '../../src/sessions/memory-store.ts';
import { RedisSessionStore } from '../../src/sessions/redis-store.ts';
import { recordingLogger } from './session-fixtures.ts';

const logger = recordingLogger();

test('the memory kind builds a memory store', async () => {
  const store = createSessionStore({ kind: 'memory', logger });
  assert.ok(store instanceof MemorySessionStore);
  await store.close();
});

test('the file kind builds a file store in the given directory, and refuses to guess one', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'session-store-factory-'));
  const store = createSessionStore({ kind: 'file', dir, logger });
  assert.ok(store instanceof FileSessionStore);
  assert.equal(await store.ping(), true);
  await store.close();
  await rm(dir, { recursive: true, force: true });
  assert.throws(() => createSessionStore({ kind: 'file', logger }), /SESSION_DIR/);
});

test('the redis kind builds a Redis store', async () => {
  // Building one connects lazily: no Redis needs to listen on this port.
  const store = createSessionStore({ kind: 'redis', redisUrl: 'redis://127.0.0.1:1', redisPrefix: 'fa-test:', logger });
  assert.ok(store instanceof RedisSessionStore);
  await store.close();
});

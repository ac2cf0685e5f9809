import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { saveCapturedPage, type CapturedPage } from '../../bench/captured-page.ts';
import { startServerProcess, type ServerProcess } from '../../bench/processes.ts';
import { findFreePort } from '../support/free-port.ts';
import { deleteKeysWithPrefix, sharedRedisUrl, skipRedisSuites } from '../support/redis-fixtures.ts';

// What the app's signed-in page looks like to the bench: the ceiling and the peer replay it.
const PAGE: CapturedPage = {
  status: 200,
  headers: {
    'cache-control': 'no-store',
    'content-security-policy':
      "default-src 'self';img-src 'self' data:;form-action 'self' http://127.0.0.1:9011;frame-ancestors 'none'",
    'content-type': 'text/html; charset=utf-8',
    'referrer-policy': 'same-origin',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'SAMEORIGIN',
  },
  body: '<!doctype html><title>Your account · Acme</title><p>Hello — <button>Sign out</button></p>',
};

let dir: string;
let pageFile: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-test-'));
  pageFile = join(dir, 'page.json');
  await saveCapturedPage(pageFile, PAGE);
});
after(() => rm(dir, { recursive: true, force: true }));

async function start(
  script: string,
  env: Record<string, string>,
  readyPath: string,
): Promise<{ server: ServerProcess; url: string }> {
  const url = `http://127.0.0.1:${await findFreePort()}`;
  const server = await startServerProcess(
    script,
    { PORT: new URL(url).port, PAGE_FILE: pageFile, ...env },
    `${url}${readyPath}`,
  );
  return { server, url };
}

async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/sign-in`, { method: 'POST' });
  assert.equal(response.status, 200);
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
}

describe('the page ceiling', () => {
  test('it answers with the captured status, headers and body, byte for byte', async () => {
    const { server, url } = await start('bench/page-ceiling-server.ts', {}, '/');
    try {
      const response = await fetch(`${url}/`);
      assert.equal(response.status, PAGE.status);
      for (const [name, value] of Object.entries(PAGE.headers)) assert.equal(response.headers.get(name), value, name);
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), Buffer.from(PAGE.body));
    } finally {
      await server.stop();
    }
  });
});

describe('the peer, on its memory store', () => {
  let peer: { server: ServerProcess; url: string };
  before(async () => (peer = await start('bench/peer-server.ts', {}, '/healthz')));
  after(() => peer.server.stop());

  test('signed out, it sends the visitor to log in instead of the page', async () => {
    const response = await fetch(`${peer.url}/`, { redirect: 'manual' });
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), '/login');
  });

  test('signed in, it serves the same page bytes with the same security headers', async () => {
    const response = await fetch(`${peer.url}/`, { headers: { cookie: await signIn(peer.url) } });
    assert.equal(response.status, 200);
    for (const [name, value] of Object.entries(PAGE.headers)) assert.equal(response.headers.get(name), value, name);
    assert.equal(await response.text(), PAGE.body);
  });
});

describe('the peer, on Redis through connect-redis', { skip: skipRedisSuites }, () => {
  const prefix = `bench-peer-test-${process.pid}:`;
  let peer: { server: ServerProcess; url: string };
  let redis: Redis;
  before(async () => {
    const redisUrl = await sharedRedisUrl();
    redis = new Redis(redisUrl);
    peer = await start('bench/peer-server.ts', { PEER_REDIS_URL: redisUrl, PEER_REDIS_PREFIX: prefix }, '/healthz');
  });
  after(async () => {
    await peer.server.stop();
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  });

  test('a signed-in session lives in Redis under the given prefix and gets the page', async () => {
    const cookie = await signIn(peer.url);
    assert.equal((await redis.keys(`${prefix}*`)).length, 1);
    const response = await fetch(`${peer.url}/`, { headers: { cookie } });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), PAGE.body);
  });
});

describe('the session floor', () => {
  const token = 'A'.repeat(43);
  const form = (csrf: string) =>
    `<form><input type="hidden" name="_csrf" value="${csrf}"><button>Sign out</button></form>`;
  let floor: { server: ServerProcess; url: string };
  before(async () => {
    const formPage = join(dir, 'form-page.json');
    await saveCapturedPage(formPage, { ...PAGE, body: form('captured-token') });
    const url = `http://127.0.0.1:${await findFreePort()}`;
    const server = await startServerProcess(
      'bench/session-floor-server.ts',
      { PORT: new URL(url).port, PAGE_FILE: formPage, SESSION_TOKEN: token },
      `${url}/healthz`,
    );
    floor = { server, url };
  });
  after(() => floor.server.stop());

  test('without its session cookie, it answers 401', async () => {
    assert.equal((await fetch(`${floor.url}/`)).status, 401);
    assert.equal((await fetch(`${floor.url}/`, { headers: { cookie: `session=${'B'.repeat(43)}` } })).status, 401);
  });

  test('with it, the captured page and headers, with a fresh CSRF token in each response', async () => {
    const bodies = [];
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${floor.url}/`, { headers: { cookie: `session=${token}` } });
      assert.equal(response.status, 200);
      for (const [name, value] of Object.entries(PAGE.headers)) assert.equal(response.headers.get(name), value, name);
      bodies.push(await response.text());
    }
    const tokens = bodies.map((body) => /value="([^"]+)"/.exec(body)?.[1] ?? '');
    for (const [index, body] of bodies.entries()) assert.equal(body, form(tokens[index] ?? ''));
    assert.notEqual(tokens[0], 'captured-token');
    assert.notEqual(tokens[0], tokens[1]);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRedisUrl } from '../../src/sessions/redis-url.ts';

test('a redis:// or rediss:// URL is one Redis server, passed to ioredis as written', () => {
  assert.deepEqual(parseRedisUrl('redis://127.0.0.1:6379/2'), { kind: 'standalone', url: 'redis://127.0.0.1:6379/2' });
  assert.deepEqual(parseRedisUrl('rediss://:secret@cache.example.com:6380'), {
    kind: 'standalone',
    url: 'rediss://:secret@cache.example.com:6380',
  });
});

test('a redis+sentinel:// URL lists the Sentinels and ends in the name of the primary they monitor', () => {
  assert.deepEqual(parseRedisUrl('redis+sentinel://:p%40ss@10.0.0.1:26379,10.0.0.2:26379,[::1]:26380/mymaster/3'), {
    kind: 'sentinel',
    sentinels: [
      { host: '10.0.0.1', port: 26379 },
      { host: '10.0.0.2', port: 26379 },
      { host: '::1', port: 26380 },
    ],
    primaryName: 'mymaster',
    db: 3,
    username: undefined,
    password: 'p@ss',
    tls: false,
  });
});

test('a redis+cluster:// URL is a seed list of Cluster nodes; rediss+ turns on TLS', () => {
  assert.deepEqual(parseRedisUrl('rediss+cluster://app:pw@node-1:7000,node-2:7001'), {
    kind: 'cluster',
    seeds: [
      { host: 'node-1', port: 7000 },
      { host: 'node-2', port: 7001 },
    ],
    username: 'app',
    password: 'pw',
    tls: true,
  });
});

test('a malformed URL is refused with what is wrong, never with its password', () => {
  for (const [url, problem] of [
    ['redis+sentinel://:hunter2@10.0.0.1:26379', /primary-name/],
    ['redis+sentinel://:hunter2@10.0.0.1/mymaster', /needs a port/],
    ['redis+cluster://:hunter2@10.0.0.1:7000/0', /takes no path/],
    ['redis+replica://:hunter2@10.0.0.1:7000', /must be redis:\/\//],
  ] as const) {
    assert.throws(
      () => parseRedisUrl(url),
      (error: Error) => problem.test(error.message) && !error.message.includes('hunter2'),
      url,
    );
  }
});

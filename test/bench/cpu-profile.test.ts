import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { whereTimeGoes, type CpuProfile } from '../../bench/cpu-profile.ts';
import { profileSummary, profileTable } from '../../bench/profile-report.ts';
import type { ProfiledRuns } from '../../bench/where-time-goes.ts';

const frames = {
  idle: { functionName: '(idle)', url: '' },
  writev: { functionName: 'writev', url: '' },
  fastify: { functionName: 'routeHandler', url: 'file:///app/node_modules/fastify/lib/route.js' },
  cookie: { functionName: 'parse', url: 'file:///app/node_modules/@fastify/cookie/index.js' },
  session: { functionName: 'load', url: 'file:///app/dist/src/sessions/session-manager.js' },
  hash: { functionName: 'hash', url: 'node:internal/crypto/hash' },
  http: { functionName: 'parserOnIncoming', url: 'node:_http_server' },
};
type FrameName = keyof typeof frames;

/** A profile starting at 1,000 µs whose samples are `[frame, µs since the previous sample]`. */
function profileOf(samples: [FrameName, number][]): CpuProfile {
  const names = Object.keys(frames) as FrameName[];
  return {
    nodes: names.map((name, index) => ({ id: index + 1, callFrame: frames[name] })),
    startTime: 1_000,
    samples: samples.map(([name]) => names.indexOf(name) + 1),
    timeDeltas: samples.map(([, delta]) => delta),
  };
}

describe('where the time goes (bench CPU profiles)', () => {
  test('counts only samples inside the run, leaves idle time out and divides by the requests served', () => {
    const profile = profileOf([
      ['fastify', 500], // at 1,500 µs: before the run
      ['writev', 1_000], // 2,500
      ['idle', 1_000], // 3,500
      ['session', 1_000], // 4,500
      ['hash', 500], // 5,000
      ['writev', 1_000], // 6,000
      ['fastify', 1_000], // 7,000: after the run
    ]);
    const breakdown = whereTimeGoes(profile, { from: 2_000, to: 6_500 }, 10);
    assert.deepEqual(
      Object.fromEntries(breakdown),
      {
        'socket writes (the kernel delivering to the load generator)': 200,
        'app: src/sessions': 100,
        'Node crypto (hashing)': 50,
      },
      'µs per request of each group',
    );
  });

  test('names packages (scoped ones whole), app folders and Node layers', () => {
    const profile = profileOf([
      ['cookie', 1],
      ['fastify', 1],
      ['http', 1],
    ]);
    assert.deepEqual(
      [...whereTimeGoes(profile, { from: 0, to: 10_000 }, 1).keys()],
      ['package @fastify/cookie', 'package fastify', 'Node HTTP and sockets'],
    );
  });

  test('the report shows both profiles side by side and what the ceiling-ratio target leaves per request', () => {
    const runs: ProfiledRuns = {
      page: {
        store: 'file',
        mode: 'user',
        requestsPerSecond: 10_000,
        breakdown: new Map([
          ['socket writes (the kernel delivering to the load generator)', 40],
          ['app: src/sessions', 5],
          ['Node crypto (hashing)', 3],
          ['package fastify', 4],
          ['Node HTTP and sockets', 8],
        ]),
      },
      ceiling: {
        requestsPerSecond: 30_000,
        breakdown: new Map([
          ['socket writes (the kernel delivering to the load generator)', 20],
          ['package fastify', 1],
          ['Node HTTP and sockets', 3],
        ]),
      },
    };
    const table = profileTable(runs);
    assert.match(table, /\| app: src\/sessions \| 5\.0 \| 0\.0 \|/);
    assert.match(table, /\| \*\*all sampled time\*\* \| 60\.0 \| 24\.0 \|/);
    const summary = profileSummary(runs).replace(/\s+/g, ' ');
    assert.match(summary, /took 36\.0 µs more per request than the ceiling: 20\.0 µs in socket writes/);
    assert.match(summary, /5\.0 µs in Node and V8/);
    assert.match(summary, /0\.6× the ceiling leaves 40\.0 µs per request/);
    assert.match(summary, /20\.0 µs less than this page took/);
    assert.match(
      summary,
      /the largest besides the socket writes is app: src\/sessions, 5\.0 µs more than in the ceiling/,
    );
  });
});

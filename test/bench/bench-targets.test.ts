import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerProcess } from '../../bench/processes.ts';
import type { RunResult } from '../../bench/rounds.ts';
import type { Scenario } from '../../bench/scenarios.ts';
import { median, summarize } from '../../bench/summary.ts';
import { checkTargets } from '../../bench/targets.ts';

// The summary reads what was measured, never the server itself.
const NO_SERVER = {} as ServerProcess;
const scenario = (name: string, kind: Scenario['kind'], store?: Scenario['store']): Scenario => ({
  name,
  kind,
  store,
  server: NO_SERVER,
  request: { url: 'http://127.0.0.1/' },
  isApp: kind === 'page',
});
const run = (requestsPerSecond: number, more: Partial<RunResult> = {}): RunResult => ({
  requestsPerSecond,
  p50Ms: 1,
  p99Ms: 5,
  requests: requestsPerSecond,
  failures: 0,
  cpuMicrosPerRequest: 50,
  fusionAuthCalls: 0,
  ...more,
});

const ceiling = scenario('ceiling', 'ceiling');
const peer = scenario('peer, Redis', 'peer', 'redis');
const page = scenario('our page, Redis', 'page', 'redis');

function rowsOf(pageRuns: RunResult[], options: { lostSession?: boolean } = {}) {
  const results = new Map([
    [ceiling, [run(10_000), run(5_000), run(8_000)]],
    [peer, [run(3_000), run(1_500), run(1_000)]],
    [page, pageRuns],
  ]);
  return summarize(results, new Map(), new Set(options.lostSession ? [page] : []));
}

describe('the bench summary and its targets', () => {
  test('the median of an odd count is the middle value, of an even count the mean of the middle two', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  test('ratios are taken round by round, so a slow round lowers the page and the ceiling alike', () => {
    // Rounds 1 and 2: 0.6 of the ceiling; round 3 is an outlier. The ratio of the medians would say 0.375.
    const row = rowsOf([run(6_000), run(3_000), run(2_000)]).find((candidate) => candidate.scenario === page);
    assert.equal(row?.ceilingRatio, 0.6);
    assert.equal(row?.peerRatio, 2);
    assert.equal(row?.requestsPerSecond, 3_000);
  });

  test('a page at 0.6 of the ceiling and twice the peer, p99 under 10 ms and no FusionAuth call meets every target', () => {
    const checks = checkTargets(rowsOf([run(6_000), run(3_000), run(2_000)]), 32);
    assert.deepEqual(
      checks.map((check) => [check.target, check.met]),
      [
        ['≥ 0.6× the page ceiling', true],
        ['≥ 2× the peer, same store', true],
        ['p99 < 10 ms at 32 connections', true],
        ['0 FusionAuth calls per request in steady state', true],
      ],
    );
  });

  test('a slower page, a slow p99 or a FusionAuth call per request is reported as not met', () => {
    const slow = { p99Ms: 12, fusionAuthCalls: 100 };
    const checks = checkTargets(rowsOf([run(5_900, slow), run(2_900, slow), run(2_000, slow)]), 32);
    assert.deepEqual(
      checks.map((check) => check.met),
      [false, false, false, false],
    );
    assert.equal(checks[2]?.measured, '12.00 ms');
  });

  test('a row with failed requests, or whose session was lost, meets no target: it did not measure the page', () => {
    const failing = checkTargets(rowsOf([run(6_000, { failures: 3 }), run(3_000), run(2_000)]), 32);
    assert.ok(failing.every((check) => !check.met && check.measured.includes('3 failed requests')));
    const lost = checkTargets(rowsOf([run(6_000), run(3_000), run(2_000)], { lostSession: true }), 32);
    assert.ok(lost.every((check) => !check.met && check.measured.includes('session lost')));
  });
});

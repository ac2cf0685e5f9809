import type { RunResult } from './rounds.ts';
import type { Scenario } from './scenarios.ts';

/** A scenario's figures over all rounds: medians, so one disturbed round does not move them. */
export interface Row {
  scenario: Scenario;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMicrosPerRequest: number;
  /** Every round's failures added up. */
  failures: number;
  /** All rounds' FusionAuth calls over all rounds' requests. */
  fusionAuthCallsPerRequest: number;
  rssMb: number;
  /** A signed-in scenario that got the signed-out page after the rounds: its figures do not measure the page. */
  lostSession: boolean;
  /** Median over rounds of (this ÷ the page ceiling in the same round). */
  ceilingRatio?: number;
  /** Median over rounds of (this ÷ the peer with the same store in the same round). */
  peerRatio?: number;
}

/** Turns each scenario's runs into a {@link Row}, with the ratios taken round by round. */
export function summarize(
  results: ReadonlyMap<Scenario, readonly RunResult[]>,
  rssMb: ReadonlyMap<Scenario, number>,
  lostSessions: ReadonlySet<Scenario>,
): Row[] {
  const scenarios = [...results.keys()];
  const ceiling = scenarios.find((scenario) => scenario.kind === 'ceiling');
  const runsOf = (scenario: Scenario | undefined) => (scenario ? (results.get(scenario) ?? []) : []);
  return scenarios.map((scenario) => {
    const runs = runsOf(scenario);
    const comparable = scenario.kind === 'page' || scenario.kind === 'store-cost';
    const peer = comparable
      ? scenarios.find((other) => other.kind === 'peer' && other.store === scenario.store)
      : undefined;
    const requests = sum(runs.map((run) => run.requests));
    return {
      scenario,
      requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
      p50Ms: median(runs.map((run) => run.p50Ms)),
      p99Ms: median(runs.map((run) => run.p99Ms)),
      cpuMicrosPerRequest: median(runs.map((run) => run.cpuMicrosPerRequest)),
      failures: sum(runs.map((run) => run.failures)),
      fusionAuthCallsPerRequest: sum(runs.map((run) => run.fusionAuthCalls)) / Math.max(1, requests),
      rssMb: rssMb.get(scenario) ?? 0,
      lostSession: lostSessions.has(scenario),
      ceilingRatio:
        comparable || scenario.kind === 'peer' || scenario.kind === 'floor'
          ? ratioByRound(runs, runsOf(ceiling))
          : undefined,
      peerRatio: peer ? ratioByRound(runs, runsOf(peer)) : undefined,
    };
  });
}

function ratioByRound(runs: readonly RunResult[], baseline: readonly RunResult[]): number | undefined {
  if (baseline.length !== runs.length || runs.length === 0) return undefined;
  return median(
    runs.map((run, round) => run.requestsPerSecond / Math.max(1e-9, baseline[round]?.requestsPerSecond ?? 0)),
  );
}

/** The middle value (the mean of the two middle ones for an even count); 0 for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

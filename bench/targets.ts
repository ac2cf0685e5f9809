import type { Row } from './summary.ts';

/** One target checked against one row of the run. */
export interface TargetCheck {
  target: string;
  scenario: string;
  measured: string;
  met: boolean;
}

export const CEILING_RATIO_TARGET = 0.6;
export const PEER_RATIO_TARGET = 2;
export const P99_TARGET_MS = 10;
/** "No call per request": the periodic user re-check (every USER_RECHECK_SECONDS) stays far below this. */
export const FUSIONAUTH_CALLS_TARGET = 0.001;

/**
 * The targets for our authenticated page, every store and both modes, computed from this run's rows.
 * A row with failed requests, or whose session was lost, meets none: its figures do not measure the page.
 */
export function checkTargets(rows: readonly Row[], connections: number): TargetCheck[] {
  const pages = rows.filter((row) => row.scenario.kind === 'page');
  const check = (target: string, row: Row, measured: string, met: boolean): TargetCheck => ({
    target,
    scenario: row.scenario.name,
    measured: `${measured}${row.failures ? ` (${row.failures} failed requests)` : ''}${row.lostSession ? ' (session lost)' : ''}`,
    met: met && row.failures === 0 && !row.lostSession,
  });
  return [
    ...pages.map((row) =>
      check(
        `≥ ${CEILING_RATIO_TARGET}× the page ceiling`,
        row,
        `${row.ceilingRatio?.toFixed(2) ?? '?'}×`,
        (row.ceilingRatio ?? 0) >= CEILING_RATIO_TARGET,
      ),
    ),
    ...pages
      .filter((row) => row.peerRatio !== undefined)
      .map((row) =>
        check(
          `≥ ${PEER_RATIO_TARGET}× the peer, same store`,
          row,
          `${row.peerRatio?.toFixed(2)}×`,
          (row.peerRatio ?? 0) >= PEER_RATIO_TARGET,
        ),
      ),
    ...pages.map((row) =>
      check(
        `p99 < ${P99_TARGET_MS} ms at ${connections} connections`,
        row,
        `${row.p99Ms.toFixed(2)} ms`,
        row.p99Ms < P99_TARGET_MS,
      ),
    ),
    ...pages.map((row) =>
      check(
        '0 FusionAuth calls per request in steady state',
        row,
        row.fusionAuthCallsPerRequest.toFixed(5),
        row.fusionAuthCallsPerRequest < FUSIONAUTH_CALLS_TARGET,
      ),
    ),
  ];
}

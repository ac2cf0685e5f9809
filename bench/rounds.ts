import { measureServer, type LoadGenerator, type LoadResult, type LoadSettings } from './load.ts';
import type { Scenario } from './scenarios.ts';

/** One scenario's run in one round. */
export interface RunResult extends LoadResult {
  cpuMicrosPerRequest: number;
  /** Calls our app made to FusionAuth during the run (0 for the other servers). */
  fusionAuthCalls: number;
}

/** Counts the app's FusionAuth calls: the counting proxy. */
export interface CallCounter {
  reset(): void;
  total(): number;
}

export interface RoundsPlan {
  rounds: number;
  settings: LoadSettings;
  /** Seconds of unrecorded load per scenario before the first round (JIT, caches, connections). */
  warmUpSeconds: number;
}

/**
 * Runs every scenario once per round, round after round, so a slow spell of a shared machine hits
 * all of them alike rather than whichever ran then. Each round starts one scenario later than the
 * one before, so none always runs first or right after the heavy login POST.
 */
export async function measureInRounds(
  scenarios: readonly Scenario[],
  generator: LoadGenerator,
  plan: RoundsPlan,
  calls: CallCounter,
  progress: (line: string) => void,
): Promise<Map<Scenario, RunResult[]>> {
  for (const scenario of scenarios)
    await generator.run(scenario.request, { ...plan.settings, seconds: plan.warmUpSeconds });
  const results = new Map<Scenario, RunResult[]>(scenarios.map((scenario) => [scenario, []]));
  for (let round = 0; round < plan.rounds; round++) {
    for (let step = 0; step < scenarios.length; step++) {
      const scenario = scenarios[(round + step) % scenarios.length];
      if (!scenario) continue;
      calls.reset();
      const result = await measureServer(generator, scenario.server, scenario.request, plan.settings);
      const run = { ...result, fusionAuthCalls: scenario.isApp ? calls.total() : 0 };
      results.get(scenario)?.push(run);
      progress(
        `round ${round + 1}/${plan.rounds}: ${scenario.name}: ${Math.round(run.requestsPerSecond)} requests/s, p99 ${run.p99Ms.toFixed(2)} ms${run.failures ? `, ${run.failures} FAILURES` : ''}`,
      );
    }
  }
  return results;
}

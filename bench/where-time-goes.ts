/**
 * A profiled run of our authenticated page and of the page ceiling, each in a fresh server process
 * started with `--cpu-prof`: what BENCHMARKS.md shows of where the time per request goes.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { monotonicMicros, readMainThreadProfile, whereTimeGoes, type TimeBreakdown } from './cpu-profile.ts';
import type { LoadGenerator, LoadRequest, LoadSettings } from './load.ts';
import type { ServerProcess } from './processes.ts';
import {
  authenticatedPage,
  capturedPageFile,
  startApp,
  startBareServer,
  type ScenarioSetup,
  type SessionMode,
  type StoreKind,
} from './scenarios.ts';

export interface ProfiledRuns {
  /** What was profiled, as BENCHMARKS.md names it. */
  page: { store: StoreKind; mode: SessionMode; breakdown: TimeBreakdown; requestsPerSecond: number };
  ceiling: { breakdown: TimeBreakdown; requestsPerSecond: number };
}

/** Profiles our page (file store, user mode: the defaults of `npm start`) and then the page ceiling. */
export async function profilePageAndCeiling(
  setup: ScenarioSetup,
  generator: LoadGenerator,
  settings: LoadSettings,
  warmUpSeconds: number,
): Promise<ProfiledRuns> {
  const store = 'file';
  const mode = 'user';
  const appDir = await profileDir(setup, 'page');
  const app = await startApp(setup, store, mode, {}, cpuProfileArgs(appDir));
  const page = await profiledRun(app, await authenticatedPage(app), appDir);
  const ceilingDir = await profileDir(setup, 'ceiling');
  const ceiling = await startBareServer(
    setup,
    'bench/page-ceiling-server.ts',
    { PAGE_FILE: capturedPageFile(setup) },
    cpuProfileArgs(ceilingDir),
  );
  return {
    page: { store, mode, ...page },
    ceiling: await profiledRun(ceiling.server, ceiling.request, ceilingDir),
  };

  async function profiledRun(server: ServerProcess, request: LoadRequest, dir: string) {
    await generator.run(request, { ...settings, seconds: warmUpSeconds });
    const from = monotonicMicros();
    const result = await generator.run(request, settings);
    const to = monotonicMicros();
    // V8 writes the profile as the process exits.
    await server.stop();
    const breakdown = whereTimeGoes(await readMainThreadProfile(dir), { from, to }, result.requests);
    return { breakdown, requestsPerSecond: result.requestsPerSecond };
  }
}

async function profileDir(setup: ScenarioSetup, name: string): Promise<string> {
  const dir = join(setup.workDir, 'profiles', name);
  await mkdir(dir, { recursive: true });
  return dir;
}

function cpuProfileArgs(dir: string): string[] {
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

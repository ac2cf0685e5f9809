/**
 * `npm run bench`: our app's production build against a bare Fastify route, the page ceiling and the
 * peer, measured in interleaved rounds in one run; writes BENCHMARKS.md. Not part of `npm test`.
 * BENCHMARKS.md describes the method; BENCH_SECONDS, BENCH_ROUNDS and BENCH_STORE_SIZES shorten it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer } from 'fusionauth-dev-server';
import { startCountingProxy } from '../test/support/counting-proxy.ts';
import { startBenchRedis } from './bench-redis.ts';
import { chooseLoadGenerator, type LoadSettings } from './load.ts';
import { describeMachine, loadAverage, wasBusy } from './machine.ts';
import { writeBenchmarks, resultsTable, targetsTable } from './report.ts';
import { measureInRounds } from './rounds.ts';
import { servesSignedInPage, startScenarios, type Scenario, type ScenarioSetup } from './scenarios.ts';
import { startStoreCostScenarios } from './store-cost.ts';
import { summarize } from './summary.ts';
import { checkTargets } from './targets.ts';
import { profilePageAndCeiling } from './where-time-goes.ts';

const startedAt = Date.now();
const settings: LoadSettings = { seconds: positiveNumber('BENCH_SECONDS', 4), connections: 32, threads: 2 };
const rounds = positiveNumber('BENCH_ROUNDS', 5);
const warmUpSeconds = 1;
const storeSizes = (process.env.BENCH_STORE_SIZES ?? '1000,10000,100000').split(',').map(Number);
if (!storeSizes.every((size) => Number.isInteger(size) && size > 0))
  throw new Error('BENCH_STORE_SIZES must be positive whole numbers, comma-separated');
const log = (line: string) =>
  console.log(`[${String(Math.round((Date.now() - startedAt) / 1000)).padStart(4)} s] ${line}`);
const loadBefore = loadAverage();

const generator = await chooseLoadGenerator();
log(`load generator: ${generator.name}`);
// Undone in reverse order whatever happens, so no server or redis-server outlives the bench.
const cleanups: (() => Promise<void>)[] = [];
try {
  const workDir = await mkdtemp(join(tmpdir(), 'bench-'));
  cleanups.push(() => rm(workDir, { recursive: true, force: true }));
  const redis = await startBenchRedis();
  cleanups.push(() => redis.stop());
  const devServer = await startDevServer({
    port: 0,
    dataDir: 'memory',
    passwordFactor: 1000,
    kickstartFile: 'kickstart/kickstart.json',
    env: { APP_URL: 'http://127.0.0.1' },
  });
  cleanups.push(() => devServer.close());
  const proxy = await startCountingProxy(devServer.url);
  cleanups.push(() => proxy.close());
  const setup: ScenarioSetup = { fusionAuthUrl: proxy.url, redis, workDir, servers: [] };
  cleanups.push(async () => {
    for (const server of setup.servers) await server.stop();
  });

  log('starting servers');
  const scenarios = await startScenarios(setup);
  log(`seeding stores with ${storeSizes.join(', ')} sessions`);
  scenarios.push(...(await startStoreCostScenarios(setup, storeSizes)));

  const results = await measureInRounds(scenarios, generator, { rounds, settings, warmUpSeconds }, proxy, log);
  const rss = new Map<Scenario, number>();
  const lostSessions = new Set<Scenario>();
  for (const scenario of scenarios) {
    rss.set(scenario, await scenario.server.rssMb());
    if (!(await servesSignedInPage(scenario))) lostSessions.add(scenario);
  }
  log('profiling our page and the page ceiling');
  const profiles = await profilePageAndCeiling(setup, generator, settings, warmUpSeconds);
  const rows = summarize(results, rss, lostSessions);
  const checks = checkTargets(rows, settings.connections);
  const facts = {
    date: new Date().toISOString().slice(0, 10),
    machine: await describeMachine(),
    generator: generator.name,
    redis: redis.origin,
    settings,
    rounds,
    warmUpSeconds,
    loadBefore,
    loadAfter: loadAverage(),
    busy: wasBusy(loadBefore),
    minutes: (Date.now() - startedAt) / 60_000,
  };
  await writeBenchmarks('BENCHMARKS.md', facts, rows, checks, profiles);
  log(
    `\n${resultsTable(rows)}\n\n${targetsTable(checks)}\n\nBENCHMARKS.md written in ${facts.minutes.toFixed(1)} minutes`,
  );
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}

function positiveNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

/**
 * `npm run bench`: our app's production build against a bare Fastify route, the page ceiling and the
 * peer, measured in interleaved rounds in one run; writes BENCHMARKS.md. Not part of `npm test`.
 * BENCHMARKS.md describes the method; BENCH_SECONDS, BENCH_ROUNDS and BENCH_STORE_SIZES shorten it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer } from '../dev-server/server.ts';
import { startCountingProxy } from '../test/support/counting-proxy.ts';
import { startBenchRedis } from './bench-redis.ts';
import { chooseLoadGenerator, type LoadSettings } from './load.ts';
import { describeMachine, loadAverage } from './machine.ts';
import { writeBenchmarks, resultsTable, targetsTable } from './report.ts';
import { measureInRounds } from './rounds.ts';
import { servesSignedInPage, startScenarios, type Scenario } from './scenarios.ts';
import { startStoreCostScenarios } from './store-cost.ts';
import { summarize } from './summary.ts';
import { checkTargets } from './targets.ts';

const startedAt = Date.now();
const settings: LoadSettings = { seconds: positiveNumber('BENCH_SECONDS', 4), connections: 32, threads: 2 };
const rounds = positiveNumber('BENCH_ROUNDS', 5);
const warmUpSeconds = 1;
const storeSizes = (process.env.BENCH_STORE_SIZES ?? '1000,10000,100000').split(',').filter(Boolean).map(Number);
const log = (line: string) => console.log(`[${String(Math.round((Date.now() - startedAt) / 1000)).padStart(4)} s] ${line}`);
const loadBefore = loadAverage();

const generator = await chooseLoadGenerator();
log(`load generator: ${generator.name}`);
const workDir = await mkdtemp(join(tmpdir(), 'bench-'));
const redis = await startBenchRedis();
const devServer = await startDevServer({ port: 0, dataDir: 'memory', passwordFactor: 1000, env: { APP_URL: 'http://127.0.0.1' } });
const proxy = await startCountingProxy(devServer.url);
const setup = { fusionAuthUrl: proxy.url, redis, workDir };
const scenarios: Scenario[] = [];
let removeSeeds = async () => {};
try {
  log('starting servers');
  scenarios.push(...(await startScenarios(setup)));
  log(`seeding stores with ${storeSizes.join(', ')} sessions`);
  const storeCost = await startStoreCostScenarios(setup, storeSizes);
  scenarios.push(...storeCost.scenarios);
  removeSeeds = storeCost.removeSeeds;

  const results = await measureInRounds(scenarios, generator, { rounds, settings, warmUpSeconds }, proxy, log);
  const rss = new Map<Scenario, number>();
  const lostSessions = new Set<Scenario>();
  for (const scenario of scenarios) {
    rss.set(scenario, await scenario.server.rssMb());
    if (!(await servesSignedInPage(scenario))) lostSessions.add(scenario);
  }
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
    minutes: (Date.now() - startedAt) / 60_000,
  };
  await writeBenchmarks('BENCHMARKS.md', facts, rows, checks);
  log(`\n${resultsTable(rows)}\n\n${targetsTable(checks)}\n\nBENCHMARKS.md written in ${facts.minutes.toFixed(1)} minutes`);
} finally {
  // An app serves two scenarios (anonymous page, login POST): stop each process once.
  for (const server of new Set(scenarios.map((scenario) => scenario.server))) await server.stop();
  await proxy.close();
  await devServer.close();
  await redis.stop();
  await removeSeeds();
  await rm(workDir, { recursive: true, force: true });
}

function positiveNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

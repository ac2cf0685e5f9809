import { runAutocannon } from './autocannon.ts';
import type { ServerProcess } from './processes.ts';
import { findWrk, wrkGenerator } from './wrk.ts';

/** One kind of request, sent over and over for a run. */
export interface LoadRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/** How hard and how long to drive the server. */
export interface LoadSettings {
  seconds: number;
  connections: number;
  /** wrk's threads; autocannon runs on one. */
  threads: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Responses of 4xx/5xx, and socket errors or timeouts: a scenario with any is not a valid measurement. */
  failures: number;
}

/** What sends the load: wrk when installed, else autocannon (which shares the server's cores in Node). */
export interface LoadGenerator {
  /** Named in BENCHMARKS.md, with its version. */
  name: string;
  run(request: LoadRequest, settings: LoadSettings): Promise<LoadResult>;
}

/** wrk found on PATH, else the autocannon fallback. */
export async function chooseLoadGenerator(): Promise<LoadGenerator> {
  const wrk = findWrk();
  if (wrk) return wrkGenerator(wrk);
  return { name: 'autocannon (fallback: wrk is not installed)', run: runAutocannon };
}

/** A run, plus the CPU time `server` spent per request during it (from /proc, so the generator's share is not in it). */
export async function measureServer(
  generator: LoadGenerator,
  server: ServerProcess,
  request: LoadRequest,
  settings: LoadSettings,
): Promise<LoadResult & { cpuMicrosPerRequest: number }> {
  const before = await server.cpuSeconds();
  const result = await generator.run(request, settings);
  const spent = (await server.cpuSeconds()) - before;
  return { ...result, cpuMicrosPerRequest: (spent * 1e6) / Math.max(1, result.requests) };
}

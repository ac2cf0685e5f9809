import autocannon from 'autocannon';
import type { ServerProcess } from './processes.ts';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Responses outside 2xx/3xx, and socket errors: a scenario with any is not a valid measurement. */
  failures: number;
  /** CPU time the server process spent per request (user + system), in µs: independent of the load generator. */
  cpuMicrosPerRequest?: number;
}

export interface LoadOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  seconds?: number;
  connections?: number;
}

/** Drives `url` with autocannon for a few seconds and reports throughput and latency. */
export async function measureLoad(url: string, options: LoadOptions = {}): Promise<LoadResult> {
  const result = await autocannon({
    url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    duration: options.seconds ?? 5,
    connections: options.connections ?? 10,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts - countRedirects(result),
  };
}

/** autocannon counts 3xx as non-2xx; a login answering 303 is a success. */
function countRedirects(result: autocannon.Result): number {
  return result['3xx'] ?? 0;
}

/** {@link measureLoad}, plus the CPU time `server` spent per request during the run. */
export async function measureServer(server: ServerProcess, url: string, options: LoadOptions = {}): Promise<LoadResult> {
  const before = await server.cpuSeconds();
  const result = await measureLoad(url, options);
  const spent = (await server.cpuSeconds()) - before;
  return { ...result, cpuMicrosPerRequest: (spent * 1e6) / Math.max(1, result.requests) };
}

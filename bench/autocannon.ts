import autocannon from 'autocannon';
import type { LoadRequest, LoadResult, LoadSettings } from './load.ts';

/**
 * The fallback load generator where wrk is not installed. It runs in Node on the same cores as the
 * server and takes a large share of them, so its requests/s understate the server's.
 */
export async function runAutocannon(request: LoadRequest, settings: LoadSettings): Promise<LoadResult> {
  const result = await autocannon({
    url: request.url,
    method: request.method ?? 'GET',
    headers: request.headers,
    body: request.body,
    duration: settings.seconds,
    connections: settings.connections,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    // autocannon counts 3xx as non-2xx; a login answering 303 is a success.
    failures: result.non2xx - (result['3xx'] ?? 0) + result.errors + result.timeouts,
  };
}

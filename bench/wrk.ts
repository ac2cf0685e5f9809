import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { findExecutable } from '../test/support/test-tools.ts';
import type { LoadGenerator, LoadRequest, LoadResult, LoadSettings } from './load.ts';

const run = promisify(execFile);
const REPORT_SCRIPT = fileURLToPath(new URL('./wrk-report.lua', import.meta.url));

/** The JSON line bench/wrk-report.lua prints when wrk is done. */
interface WrkReport {
  requests: number;
  durationMicros: number;
  connectErrors: number;
  readErrors: number;
  writeErrors: number;
  statusErrors: number;
  timeouts: number;
  p50Micros: number;
  p99Micros: number;
}

/** wrk on PATH (Debian/Ubuntu: apt-get install wrk), or undefined. */
export function findWrk(): string | undefined {
  return findExecutable(['wrk']);
}

/** A load generator driving wrk at `path`, named with the version wrk reports. */
export async function wrkGenerator(path: string): Promise<LoadGenerator> {
  // `wrk -v` prints its version line and exits with status 1.
  const version = await run(path, ['-v']).then(
    ({ stdout }) => stdout,
    (error: { stdout?: string }) => error.stdout ?? '',
  );
  const name = /^wrk \S+/.exec(version)?.[0] ?? 'wrk';
  return { name, run: (request, settings) => runWrk(path, request, settings) };
}

async function runWrk(path: string, request: LoadRequest, settings: LoadSettings): Promise<LoadResult> {
  const headerArgs = Object.entries(request.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const args = [
    `--threads=${settings.threads}`,
    `--connections=${settings.connections}`,
    `--duration=${settings.seconds}s`,
    '--timeout=10s',
    `--script=${REPORT_SCRIPT}`,
    ...headerArgs,
    request.url,
  ];
  const env = { ...process.env, WRK_METHOD: request.method ?? 'GET', WRK_BODY: request.body ?? '' };
  const { stdout } = await run(path, args, { env, maxBuffer: 1024 * 1024 });
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('WRK_RESULT '));
  if (!line) throw new Error(`wrk printed no result:\n${stdout}`);
  const report = JSON.parse(line.slice('WRK_RESULT '.length)) as WrkReport;
  return {
    requestsPerSecond: report.requests / (report.durationMicros / 1e6),
    p50Ms: report.p50Micros / 1000,
    p99Ms: report.p99Micros / 1000,
    requests: report.requests,
    failures: report.connectErrors + report.readErrors + report.writeErrors + report.statusErrors + report.timeouts,
  };
}

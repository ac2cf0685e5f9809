import { writeFile } from 'node:fs/promises';
import type { LoadSettings } from './load.ts';
import type { Row } from './summary.ts';
import type { TargetCheck } from './targets.ts';
import { profileSummary, profileTable } from './profile-report.ts';
import type { ProfiledRuns } from './where-time-goes.ts';

/** What BENCHMARKS.md says about the run besides its rows. */
export interface RunFacts {
  date: string;
  machine: string;
  generator: string;
  redis: string;
  settings: LoadSettings;
  rounds: number;
  warmUpSeconds: number;
  /** 1-minute load averages. */
  loadBefore: number;
  loadAfter: number;
  /** Whether other work competed for the cores before the run. */
  busy: boolean;
  minutes: number;
}

const fixed = (value: number | undefined, digits: number) => (value === undefined ? '' : value.toFixed(digits));

/** The results table, one line per scenario. */
export function resultsTable(rows: readonly Row[]): string {
  return [
    '| scenario | requests/s | × page ceiling | × peer, same store | p50 ms | p99 ms | server CPU µs per request | FusionAuth calls per request | RSS MB | failed requests |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((row) =>
      [
        row.scenario.name,
        Math.round(row.requestsPerSecond),
        fixed(row.ceilingRatio, 2),
        fixed(row.peerRatio, 2),
        fixed(row.p50Ms, 2),
        fixed(row.p99Ms, 2),
        fixed(row.cpuMicrosPerRequest, 0),
        row.scenario.isApp ? fixed(row.fusionAuthCallsPerRequest, 5) : '',
        fixed(row.rssMb, 0),
        row.lostSession ? `${row.failures}, and the session was lost` : row.failures,
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .concat(' |'),
    ),
  ].join('\n');
}

/** The targets table, and how many were met. */
export function targetsTable(checks: readonly TargetCheck[]): string {
  const met = checks.filter((check) => check.met).length;
  return [
    `${met} of ${checks.length} met.`,
    '',
    '| target | scenario | measured | met |',
    '|---|---|---:|---|',
    ...checks.map(
      (check) => `| ${check.target} | ${check.scenario} | ${check.measured} | ${check.met ? 'met' : 'NOT MET'} |`,
    ),
  ].join('\n');
}

/** How each run drove its server. */
function drive({ generator, settings, warmUpSeconds }: RunFacts): string {
  const threads = generator.startsWith('wrk') ? ` and ${settings.threads} threads` : '';
  return `Each run drives one server with ${generator.split(' ')[0]}, ${settings.connections} connections${threads}, for ${settings.seconds} s, after a ${warmUpSeconds} s unrecorded warm-up of every scenario.`;
}

/** Writes BENCHMARKS.md: the machine, how to reproduce, the method, the results and the targets. */
export async function writeBenchmarks(
  file: string,
  facts: RunFacts,
  rows: readonly Row[],
  checks: readonly TargetCheck[],
  profiles: ProfiledRuns,
): Promise<void> {
  await writeFile(
    file,
    `# Benchmarks

Written by \`npm run bench\` on ${facts.date}, in ${facts.minutes.toFixed(1)} minutes.

**Machine**: ${facts.machine}. Load generator: ${facts.generator}. Redis: ${facts.redis}. Load average (1 min)
${facts.loadBefore.toFixed(2)} before the run and ${facts.loadAfter.toFixed(2)} after it: everything here shares the same cores, so a
busy machine lowers every figure (the ratios, taken within each round, suffer least).${facts.busy ? '\n\n**The machine was busy with other work when this run started: these figures understate what it can do; run again on a quiet machine.**' : ''}

**Reproduce**: install wrk and Redis (Debian/Ubuntu: \`apt-get install wrk redis-server\`), then \`npm ci\` and
\`npm run bench\` on an otherwise idle machine. \`BENCH_SECONDS\` (default 4) and \`BENCH_ROUNDS\` (default 5)
shorten or lengthen it, \`BENCH_STORE_SIZES\` (default \`1000,10000,100000\`) sets the store-cost sizes, and
\`REDIS_URL\` measures against a given Redis (keys under a bench prefix, deleted afterwards) instead of a
private \`redis-server\` started on a free port.

**Method**: every server runs in its own process, started before the first run and kept for all of them:
our app's production build (\`npm run build\`, then \`node dist/src/server.js\`, \`LOG_LEVEL=warn\`) once per
session mode and store, with the FusionAuth dev server behind a counting proxy; a bare Fastify hello route;
**the page ceiling**, a bare Fastify route sending the exact status, body and headers our authenticated page
sent once (captured from the running app: content type, cache control and every security header);
**the session floor**, the least any page behind a server-side session does however it is written (a bare
Fastify route that finds the session by the cookie token's SHA-256 in a Map and sends the same page with a
freshly salted CSRF token: no store interface, metrics, logger, revocation, idle touch or user check); and
**the peer**, what a Fastify user would write instead: @fastify/cookie, @fastify/helmet with the same policy,
and @fastify/session with its defaults (a store write and a Set-Cookie on every request) on its memory store
or connect-redis, serving the same page bytes to a signed-in session. ${drive(facts)} The runs are
interleaved: ${facts.rounds} round${facts.rounds === 1 ? '' : 's'}, each running every scenario once and starting one scenario later than the
round before; the table gives the median over rounds; the
ratios are taken within each round (this ÷ the ceiling, or the peer with the same store, measured minutes
apart at most) and their median is given. Server CPU µs per request is the CPU time (user + system, from
/proc) the server process spent during a run over its requests, which the load generator's share of the
cores does not change. FusionAuth calls per request counts what the app asked FusionAuth during the runs.
RSS is each server's resident memory after the last round. The file-store rows have no peer ratio: the peer
is measured with its memory store and with Redis only. A row with failed requests does not measure what it
names, nor does a signed-in row whose session was gone after the last round (checked for each).

## Results

${resultsTable(rows)}

## Targets

For our authenticated page with every store and both session modes; "0 FusionAuth calls per request" is
met below one call per 1,000 requests (user mode re-checks the user every \`USER_RECHECK_SECONDS\`, not per
request). Revocation within a second across instances is not measured here: the revocation tests check it.

${targetsTable(checks)}

## Where the time goes

One more run of each, in a fresh process started with \`node --cpu-prof\` (V8's sampling profiler, which
slows a server a little: ${Math.round(profiles.page.requestsPerSecond)} and ${Math.round(profiles.ceiling.requestsPerSecond)} requests/s here). Each sample is put in a group by
the function it was in (not by its callers), and each group's time during the run is divided by the
requests served. The profiler samples the server's main thread by the clock, so a group's time includes
the moments the thread waited for a core; socket writes include the kernel's work of handing each
response to the load generator over loopback, which costs more when the load generator sleeps between
responses than when it is kept busy.

${profileTable(profiles)}

${profileSummary(profiles)}
`,
  );
}

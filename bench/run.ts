/**
 * `npm run bench`: load scenarios against the app's production build, each compared with a bare
 * Fastify hello-world route measured in the same run; writes BENCHMARKS.md. Not part of `npm test`.
 * Needs Redis on 127.0.0.1:6379 (keys under a bench prefix, removed afterwards).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { startDevServer } from '../dev-server/server.ts';
import { FileSessionStore } from '../src/sessions/file-store.ts';
import { RedisSessionStore } from '../src/sessions/redis-store.ts';
import { startCountingProxy } from '../test/support/counting-proxy.ts';
import { findFreePort } from '../test/support/free-port.ts';
import { deleteKeysWithPrefix } from '../test/support/redis-fixtures.ts';
import { startAppProcess, type AppProcess } from './app-process.ts';
import { measureLoad, measureServer, type LoadResult } from './load.ts';
import { startServerProcess } from './processes.ts';
import { seedSessions } from './seed-sessions.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const USER = { email: 'richard@example.com', password: 'password' };
const quiet = { warn: () => {} };

interface Row {
  scenario: string;
  result: LoadResult;
  fusionAuthCallsPerRequest?: number;
  rssMb?: number;
}

const rows: Row[] = [];
const prefixes: string[] = [];

const devServer = await startDevServer({ port: 0, dataDir: 'memory', passwordFactor: 1000, env: { APP_URL: 'http://127.0.0.1' } });
const proxy = await startCountingProxy(devServer.url);

const helloPort = await findFreePort();
const hello = await startServerProcess('bench/hello-server.ts', { PORT: String(helloPort) }, `http://127.0.0.1:${helloPort}/`);
const baseline = await measureServer(hello, `http://127.0.0.1:${helloPort}/`);
await hello.stop();
rows.push({ scenario: 'bare Fastify hello world (baseline)', result: baseline });

async function withApp(env: Record<string, string>, run: (app: AppProcess) => Promise<void>): Promise<void> {
  const app = await startAppProcess({ port: await findFreePort(), fusionAuthUrl: proxy.url, env });
  try {
    await run(app);
  } finally {
    await app.stop();
  }
}

/** An authenticated GET / on a signed-in session, with the FusionAuth calls it caused. */
async function authenticatedPage(scenario: string, app: AppProcess, extra: Partial<Row> = {}): Promise<void> {
  const cookie = await app.signIn(USER.email, USER.password);
  await measureLoad(`${app.url}/`, { headers: { cookie }, seconds: 1 });
  proxy.reset();
  const result = await measureServer(app, `${app.url}/`, { headers: { cookie } });
  rows.push({ scenario, result, fusionAuthCallsPerRequest: proxy.total() / Math.max(1, result.requests), ...extra });
}

const redisPrefix = () => {
  const prefix = `fa-bench-${randomUUID().slice(0, 8)}:`;
  prefixes.push(prefix);
  return prefix;
};

await withApp({ SESSION_STORE: 'file' }, async (app) => {
  rows.push({ scenario: 'anonymous home page', result: await measureServer(app, `${app.url}/`) });
  await authenticatedPage('authenticated page, user mode, file store', app);
  const { cookie, csrfToken } = await app.loginForm();
  const body = new URLSearchParams({ _csrf: csrfToken, ...USER }).toString();
  const headers = { cookie, origin: app.url, 'content-type': 'application/x-www-form-urlencoded' };
  rows.push({ scenario: 'login POST (dev server PBKDF2 factor 1000)', result: await measureServer(app, `${app.url}/login`, { method: 'POST', headers, body }) });
});
await withApp({ SESSION_STORE: 'redis', REDIS_URL, REDIS_PREFIX: redisPrefix() }, (app) => authenticatedPage('authenticated page, user mode, Redis', app));
// Not for production: with no store I/O at all, what the rest of an authenticated request costs.
await withApp({ SESSION_STORE: 'memory' }, (app) => authenticatedPage('authenticated page, user mode, in-memory store (no store I/O)', app));
await withApp({ SESSION_STORE: 'file', SESSION_MODE: 'tokens' }, (app) => authenticatedPage('authenticated page, tokens mode, file store', app));
await withApp({ SESSION_STORE: 'redis', REDIS_URL, REDIS_PREFIX: redisPrefix(), SESSION_MODE: 'tokens' }, (app) => authenticatedPage('authenticated page, tokens mode, Redis', app));

for (const count of [1_000, 10_000, 100_000]) {
  const dir = await mkdtemp(join(tmpdir(), 'bench-seeded-'));
  const fileStore = new FileSessionStore({ dir, logger: quiet });
  await seedSessions(fileStore, count);
  await fileStore.close();
  await withApp({ SESSION_STORE: 'file', SESSION_DIR: dir }, (app) => authenticatedPage(`store cost: file store with ${count.toLocaleString('en')} sessions`, app));
  await rm(dir, { recursive: true, force: true });

  const prefix = redisPrefix();
  const redisStore = new RedisSessionStore({ url: REDIS_URL, prefix, logger: quiet });
  await seedSessions(redisStore, count);
  await redisStore.close();
  await withApp({ SESSION_STORE: 'redis', REDIS_URL, REDIS_PREFIX: prefix }, async (app) => {
    await authenticatedPage(`store cost: Redis with ${count.toLocaleString('en')} sessions`, app);
    const row = rows.at(-1);
    if (row) row.rssMb = await app.rssMb();
  });
}

await proxy.close();
await devServer.close();
const redis = new Redis(REDIS_URL);
for (const prefix of prefixes) await deleteKeysWithPrefix(redis, prefix);
redis.disconnect();

const table = [
  '| scenario | requests/s | p50 ms | p99 ms | × bare Fastify | app CPU µs per request | FusionAuth calls per request | RSS MB | failures |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    ({ scenario, result, fusionAuthCallsPerRequest, rssMb }) =>
      `| ${scenario} | ${Math.round(result.requestsPerSecond)} | ${result.p50Ms} | ${result.p99Ms} | ${(result.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)} | ${result.cpuMicrosPerRequest?.toFixed(0) ?? ''} | ${fusionAuthCallsPerRequest?.toFixed(4) ?? ''} | ${rssMb?.toFixed(0) ?? ''} | ${result.failures} |`,
  ),
].join('\n');
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
await writeFile(
  'BENCHMARKS.md',
  `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${machine}, Node ${process.version}.
Each scenario runs the app's production build (\`npm run build\`, then \`node dist/src/server.js\`) for 5 s
with 10 connections (autocannon), on the same machine as the load generator and the FusionAuth dev server;
"× bare Fastify" compares with a hello-world Fastify route measured in the same run. "FusionAuth calls per
request" counts what the app asked FusionAuth during the run, through a counting proxy. "App CPU µs per
request" is the CPU time (user + system, from /proc) the server process spent per request during the run: unlike
requests/s it does not depend on how much of the machine the load generator takes. RSS is the app process's
resident memory after the run. The in-memory-store row (refused in production) is the ceiling for
an authenticated page here: the same request with no store I/O at all. On a machine with few cores the load
generator shares them with the server; the CPU column compares the work per request without that effect.

${table}
`,
);
console.log(table);

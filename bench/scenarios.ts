import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { findFreePort } from '../test/support/free-port.ts';
import { startAppProcess, type AppProcess } from './app-process.ts';
import type { BenchRedis } from './bench-redis.ts';
import { capturePage, saveCapturedPage } from './captured-page.ts';
import type { LoadRequest } from './load.ts';
import { startServerProcess, type ServerProcess } from './processes.ts';

export type StoreKind = 'file' | 'redis' | 'memory';
export type SessionMode = 'user' | 'tokens';

/** One thing measured: a request sent to a server process of its own. */
export interface Scenario {
  name: string;
  kind: 'hello' | 'ceiling' | 'floor' | 'peer' | 'page' | 'anonymous' | 'login' | 'store-cost';
  store?: StoreKind;
  mode?: SessionMode;
  server: ServerProcess;
  request: LoadRequest;
  /** Whether it is our app, whose FusionAuth calls are counted. */
  isApp: boolean;
}

export interface ScenarioSetup {
  /** Where the apps reach FusionAuth: the counting proxy. */
  fusionAuthUrl: string;
  redis: BenchRedis;
  /** A temp folder for the captured page and seeded stores. */
  workDir: string;
  /** Every server process started so far, for stopping them all whatever happens. */
  servers: ServerProcess[];
}

export const USER = { email: 'richard@example.com', password: 'password' };
const STORES: readonly StoreKind[] = ['file', 'redis', 'memory'];
const MODES: readonly SessionMode[] = ['user', 'tokens'];
const STORE_NAMES: Record<StoreKind, string> = { file: 'file store', redis: 'Redis store', memory: 'memory store' };

/** Starts our app in the production build; the Redis store gets a key prefix of its own. */
export async function startApp(
  setup: ScenarioSetup,
  store: StoreKind,
  mode: SessionMode,
  env: Record<string, string> = {},
  nodeArgs: readonly string[] = [],
): Promise<AppProcess> {
  const redisEnv: Record<string, string> =
    store === 'redis' ? { REDIS_URL: setup.redis.url, REDIS_PREFIX: setup.redis.newPrefix() } : {};
  const app = await startAppProcess({
    port: await findFreePort(),
    fusionAuthUrl: setup.fusionAuthUrl,
    env: { SESSION_STORE: store, SESSION_MODE: mode, ...redisEnv, ...env },
    nodeArgs,
  });
  setup.servers.push(app);
  return app;
}

/** The app's authenticated GET / for a session signed in through the real login form. */
export async function authenticatedPage(app: AppProcess): Promise<LoadRequest> {
  return { url: `${app.url}/`, headers: { cookie: await app.signIn(USER.email, USER.password) } };
}

/**
 * Starts every server the comparison needs, each in its own process, and returns what to send each:
 * the bare route, the page ceiling, the peer with both stores, our page in both modes with every
 * store, the anonymous page and the login POST.
 */
export async function startScenarios(setup: ScenarioSetup): Promise<Scenario[]> {
  const scenarios: Scenario[] = [];
  for (const mode of MODES) {
    for (const store of STORES) {
      const app = await startApp(setup, store, mode);
      const request = await authenticatedPage(app);
      scenarios.push({
        name: `our page, ${mode} mode, ${STORE_NAMES[store]}`,
        kind: 'page',
        store,
        mode,
        server: app,
        request,
        isApp: true,
      });
    }
  }
  const pageFile = capturedPageFile(setup);
  const first = scenarios[0];
  if (!first) throw new Error('no app started');
  await saveCapturedPage(pageFile, await capturePage(first.request.url, first.request.headers?.cookie ?? ''));

  scenarios.unshift(
    {
      name: 'bare Fastify hello',
      kind: 'hello',
      ...(await startBareServer(setup, 'bench/hello-server.ts', {})),
      isApp: false,
    },
    {
      name: 'page ceiling (bare Fastify, same bytes and headers)',
      kind: 'ceiling',
      ...(await startBareServer(setup, 'bench/page-ceiling-server.ts', { PAGE_FILE: pageFile })),
      isApp: false,
    },
    await startSessionFloor(setup, pageFile),
    await startPeer(setup, 'memory', { PAGE_FILE: pageFile }),
    await startPeer(setup, 'redis', {
      PAGE_FILE: pageFile,
      PEER_REDIS_URL: setup.redis.url,
      PEER_REDIS_PREFIX: setup.redis.newPrefix(),
    }),
  );

  // Sign-ins add sessions: a separate app keeps them out of the measured pages' stores.
  const app = await startApp(setup, 'file', 'user');
  const { cookie, csrfToken } = await app.loginForm();
  scenarios.push(
    {
      name: 'anonymous page (user mode, file store)',
      kind: 'anonymous',
      server: app,
      request: { url: `${app.url}/` },
      isApp: true,
    },
    {
      name: 'login POST (user mode, file store; dev server PBKDF2 factor 1000)',
      kind: 'login',
      server: app,
      request: {
        url: `${app.url}/login`,
        method: 'POST',
        headers: { cookie, origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrfToken, ...USER }).toString(),
      },
      isApp: true,
    },
  );
  return scenarios;
}

/** Where {@link startScenarios} keeps the authenticated page it captured, for the page ceiling to send. */
export function capturedPageFile(setup: ScenarioSetup): string {
  return join(setup.workDir, 'page.json');
}

/** A bench server of ours (the hello route, the page ceiling) on a free port. */
export async function startBareServer(
  setup: ScenarioSetup,
  script: string,
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): Promise<{ server: ServerProcess; request: LoadRequest }> {
  const url = `http://127.0.0.1:${await findFreePort()}/`;
  const server = await startServerProcess(script, { PORT: new URL(url).port, ...env }, url, nodeArgs);
  setup.servers.push(server);
  return { server, request: { url } };
}

/** The session floor, with the one session it knows. */
async function startSessionFloor(setup: ScenarioSetup, pageFile: string): Promise<Scenario> {
  const port = String(await findFreePort());
  const url = `http://127.0.0.1:${port}/`;
  const sessionToken = randomBytes(32).toString('base64url');
  const server = await startServerProcess(
    'bench/session-floor-server.ts',
    { PORT: port, PAGE_FILE: pageFile, SESSION_TOKEN: sessionToken },
    `${url}healthz`,
  );
  setup.servers.push(server);
  return {
    name: 'session floor (bare Fastify: cookie, SHA-256, a Map, a CSRF token)',
    kind: 'floor',
    server,
    request: { url, headers: { cookie: `session=${sessionToken}` } },
    isApp: false,
  };
}

/** The peer, signed in once: the session cookie its POST /sign-in set. */
async function startPeer(
  setup: ScenarioSetup,
  store: 'memory' | 'redis',
  env: Record<string, string>,
): Promise<Scenario> {
  const port = String(await findFreePort());
  const url = `http://127.0.0.1:${port}/`;
  const server = await startServerProcess('bench/peer-server.ts', { PORT: port, ...env }, `${url}healthz`);
  setup.servers.push(server);
  const signIn = await fetch(`${url}sign-in`, { method: 'POST' });
  const cookie = signIn.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  if (!signIn.ok || !cookie) throw new Error(`peer sign-in failed: ${signIn.status}`);
  return {
    name: `peer: @fastify/session + helmet, ${STORE_NAMES[store]}`,
    kind: 'peer',
    store,
    server,
    request: { url, headers: { cookie } },
    isApp: false,
  };
}

/**
 * Whether a signed-in scenario still gets the signed-in page. Load that lost its session would get the
 * welcome page (ours) or a redirect (the peer's) and no failed request would show it.
 */
export async function servesSignedInPage(scenario: Scenario): Promise<boolean> {
  if (!['page', 'store-cost', 'peer', 'floor'].includes(scenario.kind)) return true;
  const response = await fetch(scenario.request.url, { headers: scenario.request.headers, redirect: 'manual' });
  return response.status === 200 && (await response.text()).includes('Sign out');
}

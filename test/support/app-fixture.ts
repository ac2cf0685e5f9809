import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { AppConfig } from '../../src/app-config.ts';
import { loadConfig } from '../../src/config.ts';
import { DEV_FUSIONAUTH } from '../../src/dev-fusionauth.ts';
import { createSessionStore } from '../../src/sessions/create-session-store.ts';
import { createRedisClient } from '../../src/sessions/redis-client.ts';
import type { SessionBackend } from '../../src/sessions/session-store.ts';
import { startFusionAuthTarget, type FusionAuthTarget, KICKSTART } from './fusionauth-target.ts';
import { createTestClock, type TestClock } from './test-clock.ts';
import { startCountingProxy, type CountingProxy } from './counting-proxy.ts';
import { findFreePort } from './free-port.ts';

export interface TestApp {
  /** The app's base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  app: FastifyInstance;
  config: Readonly<AppConfig>;
  store: SessionBackend;
  fusionAuth: FusionAuthTarget;
  clock: TestClock;
  /** Present with `countFusionAuthCalls`: counts what the app asks FusionAuth. */
  proxy: CountingProxy | undefined;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment for loadConfig (SESSION_MODE, USER_RECHECK_SECONDS…). */
  env?: Record<string, string>;
  /** Share one FusionAuth between several app instances; the fixture then does not close it. */
  fusionAuth?: FusionAuthTarget;
  /** Share one session store between app instances; the fixture then does not close it. */
  store?: SessionBackend;
  /** Capture the app's log lines (set LOG_LEVEL in `env` too). */
  logStream?: { write(line: string): void };
  /** Share one clock between instances (and with the FusionAuth dev server they share). */
  clock?: TestClock;
  /** Put a call-counting proxy between the app and FusionAuth (`TestApp.proxy`). */
  countFusionAuthCalls?: boolean;
  /** Listen on this port (one FusionAuth was configured for) instead of a free one. */
  port?: number;
  /**
   * The host of APP_URL when not 127.0.0.1 (the app is still reached at `url`): `localhost` for passkeys,
   * whose relying party in the kickstart is localhost, so the app expects answers made on a localhost page.
   */
  appHost?: string;
  /** Keep rate-limit counters in the REDIS_URL Redis, as `npm start` does with SESSION_STORE=redis. */
  shareRateLimits?: boolean;
}

/** Starts a FusionAuth dev server (unless given one) and the app on free ports, over real HTTP. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const port = options.port ?? (await findFreePort());
  const scheme = options.env?.TLS_CERT_FILE ? 'https' : 'http';
  const url = `${scheme}://127.0.0.1:${port}`;
  const clock = options.clock ?? createTestClock();
  const fusionAuth = options.fusionAuth ?? (await startFusionAuthTarget({ env: { APP_URL: url }, now: clock.now }));
  const proxy = options.countFusionAuthCalls ? await startCountingProxy(fusionAuth.url) : undefined;
  const sessionDir = await mkdtemp(join(tmpdir(), 'app-sessions-'));
  const config = loadConfig({
    PORT: String(port),
    APP_URL: options.appHost ? `${scheme}://${options.appHost}:${port}` : url,
    FUSIONAUTH_URL: proxy?.url ?? fusionAuth.url,
    FUSIONAUTH_API_KEY: fusionAuth.apiKey,
    FUSIONAUTH_CLIENT_ID: fusionAuth.applicationId ?? KICKSTART.applicationId,
    FUSIONAUTH_CLIENT_SECRET:
      process.env.FUSIONAUTH_CLIENT_SECRET ?? 'super-secret-secret-that-should-be-regenerated-for-production',
    FUSIONAUTH_TENANT_ID: fusionAuth.tenantId ?? '',
    // The kickstart's webhook signs with this secret and posts to APP_URL, this app. A real FusionAuth's
    // webhook posts elsewhere: there only the tests that sign their own events use it.
    FUSIONAUTH_WEBHOOK_SECRET: DEV_FUSIONAUTH.webhookSecret,
    SESSION_STORE: 'memory',
    SESSION_DIR: sessionDir,
    LOG_LEVEL: 'silent',
    // Every test signs in from 127.0.0.1; only the rate-limit tests want the real limits.
    RATE_LIMIT_MAX: '100000',
    ...options.env,
  });
  const store =
    options.store ??
    createSessionStore({
      kind: config.session.store,
      dir: config.session.dir,
      redisUrl: config.session.redisUrl,
      redisPrefix: config.session.redisPrefix,
      redisCommandTimeoutMs: config.session.redisCommandTimeoutMs,
      logger: silentLogger,
      now: clock.now,
    });
  const rateLimitRedis = options.shareRateLimits
    ? createRedisClient(config.session.redisUrl, silentLogger, {
        commandTimeoutMs: config.session.redisCommandTimeoutMs,
      })
    : undefined;
  // The client refuses commands until connected, and the limiter lets attempts through on errors.
  for (
    let i = 0;
    rateLimitRedis &&
    i < 100 &&
    !(await rateLimitRedis.ping().then(
      () => true,
      () => false,
    ));
    i++
  )
    await sleep(50);
  const app = await buildApp(config, { store, now: clock.now, logStream: options.logStream, rateLimitRedis });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    url,
    app,
    config,
    store,
    fusionAuth,
    clock,
    proxy,
    async close() {
      await app.close();
      await rateLimitRedis?.quit();
      await proxy?.close();
      if (!options.store) await store.close();
      if (!options.fusionAuth) await fusionAuth.close();
      await rm(sessionDir, { recursive: true, force: true });
    },
  };
}

const silentLogger = { warn: () => {} };

/**
 * Entry point (`npm start`): reads the configuration, starts the embedded FusionAuth dev server when
 * FUSIONAUTH_URL is unset, and serves the app until Ctrl-C.
 */
import { existsSync } from 'node:fs';
import { buildApp } from './app.ts';
import type { AppConfig } from './app-config.ts';
import { loadConfig } from './config.ts';
import { AppError, configError } from './errors.ts';
import { assertApplicationConfigured } from './fusionauth/application-check.ts';
import { createSessionStore } from './sessions/create-session-store.ts';
import { createRedisClient } from './sessions/redis-client.ts';
import type { SessionStore } from './sessions/session-store.ts';

interface Stoppable {
  close(): Promise<unknown>;
}

/** How long start-up waits for a just-created Redis connection before serving anyway. */
const STORE_WAIT_MS = 5_000;

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const stoppables: Stoppable[] = [];
  const idpUrl = config.embeddedIdp ? await startEmbeddedIdp(config, stoppables) : config.fusionAuth.url;
  await assertApplicationConfigured(config.fusionAuth, (message) => console.warn(message));

  const store = createSessionStore({
    kind: config.session.store,
    dir: config.session.dir,
    redisUrl: config.session.redisUrl,
    redisPrefix: config.session.redisPrefix,
    redisCommandTimeoutMs: config.session.redisCommandTimeoutMs,
    logger: console,
  });
  // Several instances share rate-limit counters through the same Redis as their sessions.
  const rateLimitRedis =
    config.session.store === 'redis'
      ? createRedisClient(config.session.redisUrl, console, { commandTimeoutMs: config.session.redisCommandTimeoutMs })
      : undefined;
  stoppables.push(store);
  if (rateLimitRedis) stoppables.push({ close: () => rateLimitRedis.quit() });
  if (!(await storeAnswers(store, STORE_WAIT_MS))) {
    console.warn(
      'The session store does not answer yet: sign-ins and signed-in pages answer 503 until it does (see GET /readyz)',
    );
  }
  const app = await buildApp(config, { store, rateLimitRedis });
  stoppables.unshift(app);
  await app.listen({ port: config.port, host: config.host });

  console.log(`\n${config.appName}: ${config.appUrl}`);
  console.log(`FusionAuth: ${idpUrl}${config.embeddedIdp ? ' (embedded dev server)' : ''}`);
  if (config.embeddedIdp?.kickstartFile) {
    console.log('Demo accounts: admin@example.com / password (admin), richard@example.com / password');
  }
  console.log('Press Ctrl-C to stop.\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    for (const part of stoppables) await part.close().catch((error: unknown) => console.error(error));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * Whether the store answers within `waitMs`. A Redis client connects in the background and refuses
 * commands until connected, so the first requests (and the first sweep) would fail without this wait.
 */
async function storeAnswers(store: SessionStore, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  while (!(await store.ping())) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * The dev server is a package of its own, a devDependency: only this launcher (and the tests) load it, on
 * demand, so the production build neither contains nor needs it.
 */
async function startEmbeddedIdp(config: Readonly<AppConfig>, stoppables: Stoppable[]): Promise<string> {
  const idp = config.embeddedIdp;
  if (!idp) throw new Error('no embedded dev server configured');
  const { startDevServer } = await import('fusionauth-dev-server').catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    throw configError(
      'FUSIONAUTH_URL',
      `unset, so the app would start the FusionAuth dev server (a devDependency), which cannot be loaded (${reason}): run npm install, or set FUSIONAUTH_URL`,
    );
  });
  const devServer = await startDevServer({
    host: idp.host,
    port: idp.port,
    dataDir: idp.dataDir,
    kickstartFile: idp.kickstartFile,
    passwordFactor: idp.passwordFactor,
    ...(idp.smtpUrl ? { smtpUrl: idp.smtpUrl } : {}),
    env: { ...process.env, APP_URL: config.appUrl },
  });
  stoppables.push(devServer);
  return devServer.url;
}

main().catch((error: unknown) => {
  if (error instanceof AppError && error.code === 'CONFIG_INVALID') {
    console.error(`Configuration error: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});

/**
 * `npm run start:sso`: two applications of one tenant from this code, for single sign-on. "Acme Account"
 * runs on PORT (8000) with the embedded dev server on IDP_PORT, exactly as `npm start` does; "Acme
 * Billing" runs on PORT+1 against that same FusionAuth, as the kickstart's second application. Every
 * other variable (LOGIN_FLOW, SESSION_MODE, SESSION_STORE…) reaches both. Each gets its own cookie name
 * and session storage: browsers share cookies between ports of one host, and each app's sessions are
 * its own. Ctrl-C stops both; either stopping stops the other.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DEV_FUSIONAUTH } from '../src/dev-fusionauth.ts';

if (existsSync('.env')) process.loadEnvFile('.env');
const env = process.env;
const port = Number(env.PORT ?? 8000);
const billingUrl = env.BILLING_APP_URL ?? `http://localhost:${port + 1}`;
const fusionAuthUrl = env.FUSIONAUTH_URL ?? `http://${env.IDP_HOST ?? '127.0.0.1'}:${env.IDP_PORT ?? 9011}`;
const embedded = env.FUSIONAUTH_URL === undefined;

/** The first app: `npm start`'s environment, told where the second lives (for the kickstart's URLs). */
const account = { ...env, PORT: String(port), BILLING_APP_URL: billingUrl };

/** The second app: the billing application's credentials, its own port, cookie and session storage. */
const billing = {
  ...env,
  APP_NAME: 'Acme Billing',
  PORT: String(port + 1),
  APP_URL: billingUrl,
  FUSIONAUTH_URL: fusionAuthUrl,
  FUSIONAUTH_API_KEY: env.FUSIONAUTH_API_KEY ?? (embedded ? DEV_FUSIONAUTH.apiKey : undefined),
  FUSIONAUTH_TENANT_ID: env.FUSIONAUTH_TENANT_ID ?? (embedded ? DEV_FUSIONAUTH.tenantId : undefined),
  FUSIONAUTH_WEBHOOK_SECRET: env.FUSIONAUTH_WEBHOOK_SECRET ?? (embedded ? DEV_FUSIONAUTH.webhookSecret : undefined),
  FUSIONAUTH_CLIENT_ID: env.BILLING_CLIENT_ID ?? (embedded ? DEV_FUSIONAUTH.billingClientId : undefined),
  FUSIONAUTH_CLIENT_SECRET: env.BILLING_CLIENT_SECRET ?? (embedded ? DEV_FUSIONAUTH.billingClientSecret : undefined),
  SESSION_COOKIE: 'billing_session',
  SESSION_DIR: `${env.SESSION_DIR ?? '.sessions'}-billing`,
  REDIS_PREFIX: `${env.REDIS_PREFIX ?? 'fa:'}billing:`,
};

if (!embedded && (billing.FUSIONAUTH_CLIENT_ID === undefined || billing.FUSIONAUTH_CLIENT_SECRET === undefined)) {
  console.error(
    'Configuration error: BILLING_CLIENT_ID and BILLING_CLIENT_SECRET are required with FUSIONAUTH_URL (npm run setup -- … --billing-app-url URL writes them)',
  );
  process.exit(1);
}

const children: ChildProcess[] = [];
let stopping = false;

/** Starts `src/server.ts` with `childEnv`, its lines prefixed with `label`; resolves once it listens. */
function startApp(label: string, childEnv: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--conditions=fusionauth-dev-server-source', '--import', 'tsx', 'src/server.ts'],
    {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        console.log(`[${label}] ${line}`);
        if (line.startsWith('Press Ctrl-C')) resolve();
      });
    }
    child.on('exit', (code) => {
      reject(new Error(`${label} exited (${code ?? 'signal'})`));
      stopAll(code ?? 1);
    });
  });
}

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
  const running = children.filter((child) => child.exitCode === null);
  void Promise.all(running.map((child) => new Promise((done) => child.on('exit', done)))).then(() =>
    process.exit(code),
  );
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

// The second app reads the first's dev server, so it starts once the first one listens.
startApp('account', account)
  .then(() => startApp('billing', billing))
  .then(() => console.log(`\nSingle sign-on: sign in at http://localhost:${port}, then open ${billingUrl}\n`))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    stopAll(1);
  });

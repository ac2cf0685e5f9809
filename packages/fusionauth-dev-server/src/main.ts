/**
 * The command (`npx fusionauth-dev-server`): starts the dev server until Ctrl-C. Settings come from the
 * environment (the package's README): IDP_PORT, IDP_HOST, IDP_DATA, IDP_KICKSTART, IDP_PASSWORD_FACTOR,
 * IDP_SMTP_URL, and APP_URL and FUSIONAUTH_WEBHOOK_SECRET for the kickstart's `#{ENV.…}`.
 */
import { existsSync } from 'node:fs';
import { startDevServer } from './server.ts';

/** Where a kickstart is looked for when IDP_KICKSTART is unset, relative to the working directory. */
const CONVENTIONAL_KICKSTART = 'kickstart/kickstart.json';

function readInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

/** IDP_KICKSTART when set (empty: none), else the conventional file when the working directory has one. */
function kickstartFile(): string | null {
  const configured = process.env.IDP_KICKSTART;
  if (configured !== undefined) return configured || null;
  return existsSync(CONVENTIONAL_KICKSTART) ? CONVENTIONAL_KICKSTART : null;
}

async function main(): Promise<void> {
  const server = await startDevServer({
    port: readInteger('IDP_PORT', 9011),
    host: process.env.IDP_HOST || '127.0.0.1',
    dataDir: process.env.IDP_DATA || '.idp',
    kickstartFile: kickstartFile(),
    ...(process.env.IDP_PASSWORD_FACTOR ? { passwordFactor: readInteger('IDP_PASSWORD_FACTOR', 24_000) } : {}),
    ...(process.env.IDP_SMTP_URL ? { smtpUrl: process.env.IDP_SMTP_URL } : {}),
    env: { APP_URL: 'http://localhost:8000', ...process.env },
  });
  console.log(`FusionAuth dev server listening on ${server.url}`);
  console.log(
    `  API key:        ${server.apiKey ?? '(none: start on an empty IDP_DATA with a kickstart that creates one)'}`,
  );
  console.log(`  application id: ${server.applicationId ?? '(none)'}`);
  const stop = (signal: string) => {
    console.log(`${signal}: stopping`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

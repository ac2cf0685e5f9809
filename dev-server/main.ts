/**
 * `npm run idp`: starts the dev server alone. Settings come from the environment (see README):
 * IDP_PORT, IDP_HOST, IDP_DATA, IDP_KICKSTART, IDP_PASSWORD_FACTOR, IDP_SMTP_URL, and APP_URL for the kickstart.
 */
import { startDevServer } from './server.ts';

function readInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const kickstart = process.env.IDP_KICKSTART;
  const server = await startDevServer({
    port: readInteger('IDP_PORT', 9011),
    host: process.env.IDP_HOST || '127.0.0.1',
    dataDir: process.env.IDP_DATA || '.idp',
    kickstartFile: kickstart === undefined ? 'kickstart/kickstart.json' : kickstart,
    ...(process.env.IDP_PASSWORD_FACTOR ? { passwordFactor: readInteger('IDP_PASSWORD_FACTOR', 24_000) } : {}),
    ...(process.env.IDP_SMTP_URL ? { smtpUrl: process.env.IDP_SMTP_URL } : {}),
    env: { APP_URL: 'http://localhost:8000', ...process.env },
  });
  console.log(`FusionAuth dev server listening on ${server.url}`);
  console.log(`  API key:        ${server.apiKey ?? '(none)'}`);
  console.log(`  application id: ${server.applicationId ?? '(none)'}`);
  const stop = (signal: string) => {
    console.log(`${signal}: stopping`);
    server.close().then(() => process.exit(0), (error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

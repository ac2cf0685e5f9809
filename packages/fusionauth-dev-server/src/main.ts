/**
 * The command (`npx fusionauth-dev-server`): starts the dev server until Ctrl-C. Settings come from its
 * options or the environment (command-settings.ts, the package's README), and APP_URL and
 * FUSIONAUTH_WEBHOOK_SECRET for the kickstart's `#{ENV.…}`. Bad settings exit 2, a failed start 1.
 */
import { readCommandSettings } from './command-settings.ts';
import type { DevServerOptions } from './server.ts';

async function main(): Promise<void> {
  const settings = readCommandSettings(process.argv.slice(2), process.env);
  if (settings.kind === 'help') return console.log(settings.text);
  if (settings.kind === 'invalid') return fail(settings.problem);
  // Loaded once the settings are good, so that --help and a bad setting answer at once.
  const { startDevServer } = await import('./server.ts');
  const server = await startDevServer(settings.options).catch((error: unknown) => {
    throw new Error(describeStartFailure(error, settings.options), { cause: error });
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

/** A port in use is the likeliest failure (a second dev server, or FusionAuth itself): say which and what to do. */
function describeStartFailure(error: unknown, options: DevServerOptions): string {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
    return `port ${options.port} on ${options.host} is in use (another dev server or FusionAuth?): stop it, or choose another with --port or IDP_PORT`;
  return error instanceof Error ? error.message : String(error);
}

function fail(problem: string): never {
  console.error(`fusionauth-dev-server: ${problem}`);
  process.exit(2);
}

main().catch((error: unknown) => {
  console.error(`fusionauth-dev-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

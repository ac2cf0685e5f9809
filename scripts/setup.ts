/**
 * `npm run setup -- --fusionauth-url URL --api-key KEY --app-url URL [--env-file PATH] [--webhook-url URL]`:
 * configures a FusionAuth for this app and writes the settings the app needs to the env file.
 * Exit status 0 when configured (or already), 2 for bad arguments, 1 for anything else.
 */
import { parseSetupArgs } from './setup/parse-args.ts';
import { runSetup } from './setup/run-setup.ts';
import { SetupError } from './setup/setup-error.ts';

async function main(): Promise<void> {
  const options = parseSetupArgs(process.argv.slice(2));
  await runSetup(options, (line) => console.log(line));
}

main().catch((error: unknown) => {
  if (error instanceof SetupError) {
    console.error(`setup failed: ${error.message}`);
    process.exitCode = error.code === 'BAD_ARGUMENT' ? 2 : 1;
    return;
  }
  console.error(error);
  process.exitCode = 1;
});

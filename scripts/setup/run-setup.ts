/** The setup command end to end: configure FusionAuth, write the env file, report what happened. */
import { configureFusionAuth, type AppSettings } from './configure-fusionauth.ts';
import { readEnvFile, writeEnvSettings } from './env-file.ts';
import type { SetupOptions } from './parse-args.ts';

export const NOTHING_CHANGED = 'already configured: nothing changed';

export interface SetupResult {
  settings: AppSettings;
  changes: string[];
  envFileChanged: boolean;
}

/** Runs setup; `report` receives each line meant for the person running it. */
export async function runSetup(options: SetupOptions, report: (line: string) => void): Promise<SetupResult> {
  const previous = await readEnvFile(options.envFile);
  const { settings, changes } = await configureFusionAuth(options, previous);
  const envFileChanged = await writeEnvSettings(options.envFile, { ...settings });
  for (const change of changes) report(`- ${change}`);
  if (envFileChanged) report(`- wrote ${Object.keys(settings).join(', ')} to ${options.envFile}`);
  report(
    changes.length === 0 && !envFileChanged
      ? NOTHING_CHANGED
      : `FusionAuth at ${options.fusionAuthUrl} is configured for ${options.appUrl}.`,
  );
  return { settings, changes, envFileChanged };
}

/** Shared by the setup command's tests: a dev server with nothing but an API key, and setup options for it. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import type { SetupOptions } from '../../scripts/setup/parse-args.ts';

export const API_KEY_ONLY_KICKSTART = 'test/fixtures/kickstart-api-key-only.json';

/** Only a dev server the suite starts can be configured from scratch and checked call by call. */
export const DEV_SERVER_ONLY =
  'configures a FusionAuth from scratch: only against a dev server started with an API key alone';

/** A fresh dev server kickstarted with an API key and nothing else. */
export function startBareFusionAuth(): Promise<FusionAuthTarget> {
  return startFusionAuthTarget({ kickstartFile: API_KEY_ONLY_KICKSTART });
}

/** Setup options for `target` and an app at `appUrl`, writing to an env file in a new temporary folder. */
export async function setupOptionsFor(target: FusionAuthTarget, appUrl: string): Promise<SetupOptions> {
  const dir = await mkdtemp(join(tmpdir(), 'setup-test-'));
  return {
    fusionAuthUrl: target.url,
    apiKey: target.apiKey,
    appUrl,
    webhookUrl: `${appUrl}/webhooks/fusionauth`,
    envFile: join(dir, '.env'),
  };
}

/** `npm run setup -- --fusionauth-url URL --api-key KEY --app-url URL [--env-file PATH] [--webhook-url URL] [--billing-app-url URL]`. */
import { parseArgs } from 'node:util';
import { SetupError } from './setup-error.ts';

export interface SetupOptions {
  /** FusionAuth's base URL, without a trailing slash; also the tenant issuer. */
  fusionAuthUrl: string;
  apiKey: string;
  /** The app's public base URL, without a trailing slash. */
  appUrl: string;
  /** Where FusionAuth posts events; `<appUrl>/webhooks/fusionauth` unless FusionAuth reaches the app by another name. */
  webhookUrl: string;
  /** The second application's base URL (`--billing-app-url`): setup then configures "Acme Billing" too. */
  billingAppUrl?: string;
  envFile: string;
}

export const USAGE =
  'Usage: npm run setup -- --fusionauth-url URL --api-key KEY --app-url URL [--env-file PATH] [--webhook-url URL] [--billing-app-url URL]';

function readBaseUrl(name: string, raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') throw new SetupError('BAD_ARGUMENT', `--${name} is required.\n${USAGE}`);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new SetupError('BAD_ARGUMENT', `--${name} must be an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SetupError('BAD_ARGUMENT', `--${name} must be an http or https URL, got "${raw}"`);
  }
  if (url.search || url.hash)
    throw new SetupError('BAD_ARGUMENT', `--${name} must be a base URL without a query or fragment, got "${raw}"`);
  return url.href.replace(/\/+$/, '');
}

/**
 * Reads and checks the command line; a SetupError names the bad option. A leading `--` is dropped:
 * the npm script puts one before the options because Node 20 itself reads `--env-file PATH` anywhere
 * in its arguments and exits when PATH does not exist yet (fixed in Node 22).
 */
export function parseSetupArgs(argv: readonly string[]): SetupOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv[0] === '--' ? argv.slice(1) : [...argv],
      options: {
        'fusionauth-url': { type: 'string' },
        'api-key': { type: 'string' },
        'app-url': { type: 'string' },
        'env-file': { type: 'string' },
        'webhook-url': { type: 'string' },
        'billing-app-url': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new SetupError('BAD_ARGUMENT', `${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const apiKey = values['api-key']?.trim();
  if (!apiKey) throw new SetupError('BAD_ARGUMENT', `--api-key is required.\n${USAGE}`);
  const appUrl = readBaseUrl('app-url', values['app-url']);
  return {
    fusionAuthUrl: readBaseUrl('fusionauth-url', values['fusionauth-url']),
    apiKey,
    appUrl,
    webhookUrl:
      values['webhook-url'] === undefined
        ? `${appUrl}/webhooks/fusionauth`
        : readBaseUrl('webhook-url', values['webhook-url']),
    envFile: values['env-file']?.trim() || '.env',
    ...(values['billing-app-url'] === undefined
      ? {}
      : { billingAppUrl: readBaseUrl('billing-app-url', values['billing-app-url']) }),
  };
}

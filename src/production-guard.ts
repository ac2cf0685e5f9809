import type { AppConfig } from './app-config.ts';
import type { Read } from './config-readers.ts';
import { configError } from './errors.ts';
import { DEV_FUSIONAUTH } from './dev-fusionauth.ts';

/**
 * With NODE_ENV=production the app refuses to start on settings that are fine for development but
 * unsafe in production (an in-memory store or a development secret that works until the day it matters), naming the variable and the problem.
 */
export function assertProductionReady(config: AppConfig, read: Read): void {
  if (config.embeddedIdp) {
    throw configError('FUSIONAUTH_URL', 'is required in production: the embedded dev server is for development only');
  }
  if (config.session.store === 'memory') {
    throw configError(
      'SESSION_STORE',
      'memory keeps sessions in one process and loses them at restart; use file or redis in production',
    );
  }
  if (config.fusionAuth.apiKey === DEV_FUSIONAUTH.apiKey) {
    throw configError('FUSIONAUTH_API_KEY', 'is the public development key from the kickstart; create a real API key');
  }
  const devSecrets: readonly string[] = [DEV_FUSIONAUTH.clientSecret, DEV_FUSIONAUTH.billingClientSecret];
  if (devSecrets.includes(config.fusionAuth.clientSecret)) {
    throw configError('FUSIONAUTH_CLIENT_SECRET', 'is the public development secret from the kickstart; regenerate it');
  }
  if (config.fusionAuth.webhookSecret === DEV_FUSIONAUTH.webhookSecret) {
    throw configError(
      'FUSIONAUTH_WEBHOOK_SECRET',
      'is the public development secret from the kickstart; use a secret of your own',
    );
  }
  if (new URL(config.appUrl).protocol !== 'https:' && read('ALLOW_INSECURE_HTTP') !== 'true') {
    throw configError('APP_URL', 'must be https in production (set ALLOW_INSECURE_HTTP=true to accept http knowingly)');
  }
}

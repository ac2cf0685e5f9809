/**
 * Brings a FusionAuth to the configuration this app needs, idempotently: keys, tenant, application
 * with its roles and its theme, webhook. Everything is found by stable names or ids before anything is created, and
 * only what differs is changed, so a second run makes no call that writes.
 */
import { AdminClient } from './admin-client.ts';
import { ensureApplication, findApplication } from './ensure-application.ts';
import { ensureSigningKeys } from './ensure-keys.ts';
import { ensurePasskeys } from './ensure-passkeys.ts';
import { chooseTenant, ensureTenant } from './ensure-tenant.ts';
import { ensureTheme } from './ensure-theme.ts';
import { ensureWebhook } from './ensure-webhook.ts';
import { BILLING_APPLICATION_NAME, BILLING_WEBHOOK_DESCRIPTION } from './app-requirements.ts';
import type { Application } from '@fusionauth/typescript-client';
import type { SetupOptions } from './parse-args.ts';

/** The environment the app needs to use this FusionAuth (src/config.ts reads these). */
export interface AppSettings {
  APP_URL: string;
  FUSIONAUTH_URL: string;
  FUSIONAUTH_API_KEY: string;
  FUSIONAUTH_CLIENT_ID: string;
  FUSIONAUTH_CLIENT_SECRET: string;
  FUSIONAUTH_TENANT_ID: string;
  FUSIONAUTH_WEBHOOK_SECRET: string;
  /** With `--billing-app-url`: the second application, for `npm run start:sso`. */
  BILLING_APP_URL?: string;
  BILLING_CLIENT_ID?: string;
  BILLING_CLIENT_SECRET?: string;
}

export interface Configured {
  settings: AppSettings;
  /** One line per change made in FusionAuth; empty when it was already configured. */
  changes: string[];
}

/** Configures FusionAuth; `previous` is what the env file already holds. */
export async function configureFusionAuth(
  options: SetupOptions,
  previous: Record<string, string | undefined>,
): Promise<Configured> {
  const api = new AdminClient(options.fusionAuthUrl, options.apiKey);
  const changes: string[] = [];
  await api.checkReachable();
  const { tenants = [] } = await api.call('GET /api/tenant', (client) => client.retrieveTenants());
  const keys = await ensureSigningKeys(api, previous.FUSIONAUTH_WEBHOOK_SECRET, changes);
  const existing = await findApplication(api, previous.FUSIONAUTH_CLIENT_ID);
  const tenant = chooseTenant(tenants, existing?.tenantId, previous.FUSIONAUTH_TENANT_ID);
  const tenantId = await ensureTenant(api, tenant, options.fusionAuthUrl, changes);
  api.useTenant(tenantId);
  await ensurePasskeys(api, tenant, options.appUrl, changes);
  const application = await ensureApplication(api, existing, options.appUrl, keys.accessTokenKeyId, changes);
  await ensureTheme(api, application, changes);
  await ensureWebhook(api, { url: options.webhookUrl, tenantId, signingKeyId: keys.webhookKeyId }, changes);
  const billing = options.billingAppUrl
    ? await ensureBillingApplication(api, options.billingAppUrl, { tenantId, keys, previous }, changes)
    : undefined;
  return {
    changes,
    settings: {
      APP_URL: options.appUrl,
      FUSIONAUTH_URL: options.fusionAuthUrl,
      FUSIONAUTH_API_KEY: options.apiKey,
      FUSIONAUTH_CLIENT_ID: application.id ?? '',
      FUSIONAUTH_CLIENT_SECRET: application.oauthConfiguration?.clientSecret ?? '',
      FUSIONAUTH_TENANT_ID: tenantId,
      FUSIONAUTH_WEBHOOK_SECRET: keys.webhookSecret,
      ...(billing && options.billingAppUrl
        ? {
            BILLING_APP_URL: options.billingAppUrl,
            BILLING_CLIENT_ID: billing.id ?? '',
            BILLING_CLIENT_SECRET: billing.oauthConfiguration?.clientSecret ?? '',
          }
        : {}),
    },
  };
}

/** The second application ("Acme Billing") on the same tenant, keys and webhook events, at its own URL. */
async function ensureBillingApplication(
  api: AdminClient,
  appUrl: string,
  shared: {
    tenantId: string;
    keys: { accessTokenKeyId: string; webhookKeyId: string };
    previous: Record<string, string | undefined>;
  },
  changes: string[],
): Promise<Application> {
  const existing = await findApplication(api, shared.previous.BILLING_CLIENT_ID, BILLING_APPLICATION_NAME);
  const application = await ensureApplication(
    api,
    existing,
    appUrl,
    shared.keys.accessTokenKeyId,
    changes,
    BILLING_APPLICATION_NAME,
  );
  const webhook = {
    url: `${appUrl}/webhooks/fusionauth`,
    tenantId: shared.tenantId,
    signingKeyId: shared.keys.webhookKeyId,
    description: BILLING_WEBHOOK_DESCRIPTION,
  };
  await ensureWebhook(api, webhook, changes);
  return application;
}

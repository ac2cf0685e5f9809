/**
 * The tenant: its issuer set to FusionAuth's URL, so the OpenID discovery document validates for
 * clients that check it (FusionAuth's default is `acme.com`), and the app's events enabled in
 * `eventConfiguration`, without which FusionAuth sends them to no webhook (https://fusionauth.io/docs/apis/tenants).
 */
import { TransactionType, type EventConfigurationData, type Tenant } from '@fusionauth/typescript-client';
import type { AdminClient } from './admin-client.ts';
import { WEBHOOK_EVENTS } from './app-requirements.ts';
import { SetupError } from './setup-error.ts';

/**
 * The tenant to configure: the application's when it exists, else the env file's, else the only one,
 * else the one named "Default" (FusionAuth's own).
 */
export function chooseTenant(
  tenants: Tenant[],
  applicationTenantId: string | undefined,
  envTenantId: string | undefined,
): Tenant {
  const byId = (id: string | undefined) => (id ? tenants.find((tenant) => tenant.id === id) : undefined);
  const chosen =
    byId(applicationTenantId) ??
    byId(envTenantId) ??
    (tenants.length === 1 ? tenants[0] : tenants.find((tenant) => tenant.name === 'Default'));
  if (!chosen?.id) {
    throw new SetupError(
      'CONFLICT',
      `FusionAuth has ${tenants.length} tenants and none is named "Default": put the tenant to use in the env file as FUSIONAUTH_TENANT_ID and run setup again.`,
    );
  }
  return chosen;
}

/** Sets the issuer and enables the events that are off; returns the tenant id. */
export async function ensureTenant(
  api: AdminClient,
  tenant: Tenant,
  issuer: string,
  changes: string[],
): Promise<string> {
  const id = tenant.id ?? '';
  const events: Record<string, EventConfigurationData> = {};
  const current = tenant.eventConfiguration?.events as Record<string, EventConfigurationData | undefined> | undefined;
  for (const type of WEBHOOK_EVENTS) {
    // An event already on keeps its transaction setting; one turned on here does not hold up API calls.
    if (current?.[type]?.enabled !== true)
      events[type] = { enabled: true, transactionType: current?.[type]?.transactionType ?? TransactionType.None };
  }
  const patch: Tenant = {};
  if (tenant.issuer !== issuer) patch.issuer = issuer;
  // A PATCH merges: only the listed events change (the client types `events` as a complete record).
  if (Object.keys(events).length > 0) patch.eventConfiguration = { events: events };
  if (Object.keys(patch).length === 0) return id;
  await api.call(`PATCH /api/tenant/${id}`, (client) => client.patchTenant(id, { tenant: patch }));
  if (patch.issuer)
    changes.push(`set the issuer of tenant "${tenant.name}" to ${issuer} (was ${tenant.issuer ?? 'unset'})`);
  if (patch.eventConfiguration)
    changes.push(`enabled the events ${Object.keys(events).join(', ')} on tenant "${tenant.name}"`);
  return id;
}

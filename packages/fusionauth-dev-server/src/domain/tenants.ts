/**
 * Tenants and the first-start state: a default signing key, the default tenant and FusionAuth's own
 * application, as a fresh FusionAuth has them (the kickstart's `defaultTenantId` variable renames the
 * default tenant, and `#{FUSIONAUTH_APPLICATION_ID}` names the FusionAuth application). Also finding and
 * storing tenants.
 */
import { randomUUID } from 'node:crypto';
import { stateOf, type DevServerContext } from '../context.ts';
import type { ErrorCollector } from '../http/errors.ts';
import type { JsonObject, State, StoredTenant } from '../state/model.ts';
import { generateSigningKey } from '../tokens/signing-keys.ts';
import { buildApplication } from './applications.ts';
import { objectAt } from './settings.ts';
import { webAuthnConfigurationFrom } from './webauthn-settings.ts';

/** FusionAuth's fixed id for its own admin application. */
export const FUSIONAUTH_APPLICATION_ID = '3c219e58-ed0e-4b18-ad48-f4f92793ae32';

const FUSIONAUTH_ROLES = [
  'admin',
  'api_key_manager',
  'application_manager',
  'user_manager',
  'user_deleter',
  'user_support_manager',
  'user_support_viewer',
];

const IDENTITY_FIELDS = ['id', 'name', 'insertInstant', 'lastUpdateInstant'];

/** Builds a tenant record from a `tenant` object with FusionAuth's JWT, login and WebAuthn defaults. */
export function buildTenant(
  id: string,
  input: JsonObject,
  defaultKeyId: string | undefined,
  errors: ErrorCollector,
  previous?: StoredTenant,
): StoredTenant | null {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '') errors.field('tenant.name', 'blank', 'You must specify the [tenant.name] property.');
  if (!errors.empty) return null;
  const config: JsonObject = {};
  for (const [key, value] of Object.entries(input)) if (!IDENTITY_FIELDS.includes(key)) config[key] = value;
  config.jwtConfiguration = {
    timeToLiveInSeconds: 3600,
    refreshTokenTimeToLiveInMinutes: 43_200,
    refreshTokenExpirationPolicy: 'Fixed',
    refreshTokenUsagePolicy: 'Reusable',
    ...(defaultKeyId ? { accessTokenKeyId: defaultKeyId, idTokenKeyId: defaultKeyId } : {}),
    ...objectAt(input, 'jwtConfiguration'),
  };
  config.loginConfiguration = { requireAuthentication: true, ...objectAt(input, 'loginConfiguration') };
  config.webAuthnConfiguration = webAuthnConfigurationFrom(input);
  const now = Date.now();
  return { id, name, insertInstant: previous?.insertInstant ?? now, lastUpdateInstant: now, config };
}

/** The key new tenants sign with: the first key created at start-up. */
export function defaultKeyId(state: State): string | undefined {
  return Object.values(state.keys).sort((a, b) => a.insertInstant - b.insertInstant)[0]?.id;
}

/** The tenant with this id. */
export function findTenant(context: DevServerContext, tenantId: string): StoredTenant | undefined {
  return stateOf(context).tenants[tenantId];
}

/** Every tenant. */
export function listTenants(context: DevServerContext): StoredTenant[] {
  return Object.values(stateOf(context).tenants);
}

/** The key a new tenant signs with, read from the live state. */
export function tenantDefaultKeyId(context: DevServerContext): string | undefined {
  return defaultKeyId(stateOf(context));
}

/** Stores a created or updated tenant. */
export function saveTenant(context: DevServerContext, tenant: StoredTenant): void {
  stateOf(context).tenants[tenant.id] = tenant;
  context.store.changed();
}

/** Fills an empty state with what a fresh FusionAuth has, and saves it unless `errors` holds a problem. */
export async function bootstrapState(
  context: DevServerContext,
  errors: ErrorCollector,
  defaultTenantId: string = randomUUID(),
): Promise<void> {
  const state = stateOf(context);
  const key = await generateSigningKey(randomUUID(), 'Default signing key', 'RS256');
  state.keys[key.id] = key;
  const tenant = buildTenant(defaultTenantId, { name: 'Default' }, key.id, errors);
  if (tenant) state.tenants[tenant.id] = tenant;
  const application = buildApplication(
    FUSIONAUTH_APPLICATION_ID,
    defaultTenantId,
    {
      name: 'FusionAuth',
      roles: FUSIONAUTH_ROLES.map((name) => ({ name, isSuperRole: name === 'admin' })),
    },
    errors,
  );
  if (application) state.applications[application.id] = application;
  if (errors.empty) context.store.changed();
}

/**
 * What a fresh FusionAuth holds before any kickstart runs: a signing key, the default tenant (renamed by a kickstart's
 * `defaultTenantId` variable) using the default theme, the FusionAuth application (`#{FUSIONAUTH_APPLICATION_ID}` in a
 * kickstart), and, since 1.58, the Tenant Manager application, a universal application that exists in every tenant
 * (https://fusionauth.io/docs/lifecycle/manage-users/tenant-manager).
 */
import { randomUUID } from 'node:crypto';
import { stateOf, type DevServerContext } from '../context.ts';
import type { ErrorCollector } from '../http/errors.ts';
import type { JsonObject } from '../state/model.ts';
import { generateSigningKey } from '../tokens/signing-keys.ts';
import { buildApplication } from './applications.ts';
import { DEFAULT_THEME_ID, buildDefaultTheme } from './default-theme.ts';
import { buildTenant } from './tenants.ts';

/** FusionAuth's fixed id for its own admin application. */
export const FUSIONAUTH_APPLICATION_ID = '3c219e58-ed0e-4b18-ad48-f4f92793ae32';

/** The dev server's id for the Tenant Manager application: FusionAuth's own id for it is not documented. */
export const TENANT_MANAGER_APPLICATION_ID = '93c68585-9dde-4089-a7fa-e6cb347bc64a';

/** The applications every install has, which a kickstart's own applications come after. */
export const BUILT_IN_APPLICATION_IDS: readonly string[] = [FUSIONAUTH_APPLICATION_ID, TENANT_MANAGER_APPLICATION_ID];

const FUSIONAUTH_ROLES = [
  'admin',
  'api_key_manager',
  'application_manager',
  'user_manager',
  'user_deleter',
  'user_support_manager',
  'user_support_viewer',
];

const BUILT_IN_APPLICATIONS: Record<string, JsonObject> = {
  [FUSIONAUTH_APPLICATION_ID]: {
    name: 'FusionAuth',
    roles: FUSIONAUTH_ROLES.map((name) => ({ name, isSuperRole: name === 'admin' })),
  },
  // Users with `admin` manage their tenant's users; without it they only read them.
  [TENANT_MANAGER_APPLICATION_ID]: {
    name: 'Tenant Manager',
    roles: [{ name: 'admin', isSuperRole: true }],
    universalConfiguration: { universal: true },
  },
};

/** Fills an empty state with what a fresh FusionAuth has, and saves it unless `errors` holds a problem. */
export async function bootstrapState(
  context: DevServerContext,
  errors: ErrorCollector,
  defaultTenantId: string = randomUUID(),
): Promise<void> {
  const state = stateOf(context);
  const key = await generateSigningKey(randomUUID(), 'Default signing key', 'RS256');
  state.keys[key.id] = key;
  const tenant = buildTenant(defaultTenantId, { name: 'Default', themeId: DEFAULT_THEME_ID }, key.id, errors);
  if (tenant) state.tenants[tenant.id] = tenant;
  addMissingBuiltIns(context, defaultTenantId, errors);
  if (errors.empty) context.store.changed();
}

/**
 * Adds the built-in theme and applications a state lacks: on a first start, and to a state saved by an older dev
 * server, as FusionAuth's upgrades add what a new version ships with.
 */
export function addMissingBuiltIns(context: DevServerContext, defaultTenantId: string, errors: ErrorCollector): void {
  const state = stateOf(context);
  let added = false;
  if (!state.themes[DEFAULT_THEME_ID]) {
    state.themes[DEFAULT_THEME_ID] = buildDefaultTheme(context.now());
    added = true;
  }
  for (const [id, input] of Object.entries(BUILT_IN_APPLICATIONS)) {
    if (state.applications[id]) continue;
    const application = buildApplication(id, defaultTenantId, input, errors);
    if (application) state.applications[id] = application;
    added = true;
  }
  if (added && errors.empty) context.store.changed();
}

/** The tenant FusionAuth created first: the one the built-in applications belong to. */
export function firstTenantId(context: DevServerContext): string | undefined {
  return Object.values(stateOf(context).tenants).sort((a, b) => a.insertInstant - b.insertInstant)[0]?.id;
}

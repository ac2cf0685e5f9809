/**
 * Tenants (https://fusionauth.io/docs/apis/tenants): a tenant record with FusionAuth's defaults (its theme is
 * FusionAuth's default theme unless it names another), finding and storing tenants.
 */
import { stateOf, type DevServerContext } from '../context.ts';
import type { ErrorCollector } from '../http/errors.ts';
import type { JsonObject, State, StoredTenant } from '../state/model.ts';
import { DEFAULT_THEME_ID } from './default-theme.ts';
import { objectAt } from './settings.ts';
import { webAuthnConfigurationFrom } from './webauthn-settings.ts';

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
  config.themeId = input.themeId ?? DEFAULT_THEME_ID;
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

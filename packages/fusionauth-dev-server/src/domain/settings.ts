/**
 * Effective settings for an application within its tenant. An application's `jwtConfiguration`
 * overrides the tenant's only when `enabled` is true (https://fusionauth.io/docs/apis/applications); defaults are FusionAuth's.
 */
import type { Json, JsonObject, StoredApplication, StoredTenant } from '../state/model.ts';

/** FusionAuth's default access-token lifetime (tenant jwtConfiguration.timeToLiveInSeconds). */
const DEFAULT_ACCESS_TTL_SECONDS = 3600;
/** FusionAuth's default refresh-token lifetime: 30 days. */
const DEFAULT_REFRESH_TTL_MINUTES = 43_200;

/** Reads a nested object, or an empty one. */
export function objectAt(source: JsonObject | undefined, key: string): JsonObject {
  const value: Json | undefined = source?.[key];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function numberAt(source: JsonObject, key: string): number | undefined {
  const value = source[key];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

function stringAt(source: JsonObject, key: string): string | undefined {
  const value = source[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export interface JwtSettings {
  issuer: string | undefined;
  accessTokenTtlSeconds: number;
  accessTokenKeyId: string | undefined;
  refreshTokenTtlMinutes: number;
  refreshTokenUsagePolicy: 'Reusable' | 'OneTimeUse';
  refreshTokenExpirationPolicy: 'Fixed' | 'SlidingWindow';
}

/** The JWT settings that apply to tokens issued for `application` (or for no application). */
export function jwtSettings(tenant: StoredTenant, application?: StoredApplication): JwtSettings {
  const tenantJwt = objectAt(tenant.config, 'jwtConfiguration');
  const appJwt = objectAt(application?.config, 'jwtConfiguration');
  const override = appJwt.enabled === true ? appJwt : {};
  const pick = <T>(read: (source: JsonObject) => T | undefined): T | undefined => read(override) ?? read(tenantJwt);
  const usage = pick((s) => stringAt(s, 'refreshTokenUsagePolicy'));
  const expiration = pick((s) => stringAt(s, 'refreshTokenExpirationPolicy'));
  return {
    issuer: stringAt(tenant.config, 'issuer'),
    accessTokenTtlSeconds: pick((s) => numberAt(s, 'timeToLiveInSeconds')) ?? DEFAULT_ACCESS_TTL_SECONDS,
    accessTokenKeyId: pick((s) => stringAt(s, 'accessTokenKeyId')),
    refreshTokenTtlMinutes: pick((s) => numberAt(s, 'refreshTokenTimeToLiveInMinutes')) ?? DEFAULT_REFRESH_TTL_MINUTES,
    refreshTokenUsagePolicy: usage === 'OneTimeUse' ? 'OneTimeUse' : 'Reusable',
    refreshTokenExpirationPolicy: expiration === 'SlidingWindow' ? 'SlidingWindow' : 'Fixed',
  };
}

/** `loginConfiguration.generateRefreshTokens` (false by default, as in FusionAuth). */
export function generatesRefreshTokens(application: StoredApplication): boolean {
  return objectAt(application.config, 'loginConfiguration').generateRefreshTokens === true;
}

/**
 * Whether the Login API needs an API key: `application.loginConfiguration.requireAuthentication`
 * when an applicationId is sent, else the tenant's; both default to true (https://fusionauth.io/docs/apis/login).
 */
export function loginRequiresApiKey(
  tenant: StoredTenant | undefined,
  application: StoredApplication | undefined,
): boolean {
  const source = application ? application.config : tenant?.config;
  return objectAt(source, 'loginConfiguration').requireAuthentication !== false;
}

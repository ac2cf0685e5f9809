/**
 * Applications: turning an `application` request object into a record with FusionAuth's defaults
 * (https://fusionauth.io/docs/apis/applications): `oauthConfiguration.clientId` is the application id, a client secret is
 * generated when none is given, roles get ids, and login/jwt configuration get their documented defaults.
 * Also finding, storing and deleting applications and their roles.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { stateOf, type DevServerContext } from '../context.ts';
import type { ErrorCollector } from '../http/errors.ts';
import type { ApplicationRole, Json, JsonObject, StoredApplication } from '../state/model.ts';
import { isUuid } from './lookup.ts';
import { objectAt } from './settings.ts';

const IDENTITY_FIELDS = ['id', 'tenantId', 'name', 'active', 'roles', 'insertInstant', 'lastUpdateInstant', 'state'];

/** Reads one role; roles are unique by name within an application. */
export function readRole(input: JsonObject): ApplicationRole | null {
  if (typeof input.name !== 'string' || input.name.trim() === '') return null;
  const role: ApplicationRole = {
    id: isUuid(input.id) ? input.id : randomUUID(),
    name: input.name.trim(),
    isDefault: input.isDefault === true,
    isSuperRole: input.isSuperRole === true,
  };
  if (typeof input.description === 'string') role.description = input.description;
  return role;
}

function readRoles(value: Json | undefined): ApplicationRole[] {
  const byName = new Map<string, ApplicationRole>();
  for (const entry of Array.isArray(value) ? value : []) {
    const role = entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? readRole(entry) : null;
    if (role) byName.set(role.name, role);
  }
  return [...byName.values()];
}

function withDefaults(id: string, input: JsonObject, previous?: JsonObject): JsonObject {
  const config: JsonObject = {};
  for (const [key, value] of Object.entries(input)) if (!IDENTITY_FIELDS.includes(key)) config[key] = value;
  const oauth = objectAt(input, 'oauthConfiguration');
  const previousSecret = objectAt(previous, 'oauthConfiguration').clientSecret;
  config.oauthConfiguration = {
    clientAuthenticationPolicy: 'Required',
    enabledGrants: [],
    generateRefreshTokens: false,
    requireRegistration: false,
    authorizedRedirectURLs: [],
    proofKeyForCodeExchangePolicy: 'NotRequired',
    ...oauth,
    clientId: id,
    clientSecret:
      typeof oauth.clientSecret === 'string'
        ? oauth.clientSecret
        : typeof previousSecret === 'string'
          ? previousSecret
          : randomBytes(32).toString('base64url'),
  };
  config.loginConfiguration = {
    allowTokenRefresh: false,
    generateRefreshTokens: false,
    requireAuthentication: true,
    ...objectAt(input, 'loginConfiguration'),
  };
  config.jwtConfiguration = {
    enabled: false,
    timeToLiveInSeconds: 3600,
    refreshTokenTimeToLiveInMinutes: 43_200,
    refreshTokenExpirationPolicy: 'Fixed',
    refreshTokenUsagePolicy: 'Reusable',
    ...objectAt(input, 'jwtConfiguration'),
  };
  config.data = objectAt(input, 'data');
  return config;
}

/** Validates an `application` object into `errors`; returns the record to store when valid. */
export function buildApplication(
  id: string,
  tenantId: string,
  input: JsonObject,
  errors: ErrorCollector,
  previous?: StoredApplication,
): StoredApplication | null {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '') errors.field('application.name', 'blank', 'You must specify the [application.name] property.');
  if (!errors.empty) return null;
  const now = Date.now();
  return {
    id,
    tenantId,
    name,
    active: input.active !== false,
    insertInstant: previous?.insertInstant ?? now,
    lastUpdateInstant: now,
    roles: readRoles(input.roles),
    config: withDefaults(id, input, previous?.config),
  };
}

/**
 * Whether the application exists in every tenant, as the Tenant Manager does: users of any tenant register to it
 * (https://fusionauth.io/docs/get-started/core-concepts/applications).
 */
export function isUniversal(application: StoredApplication): boolean {
  return objectAt(application.config, 'universalConfiguration').universal === true;
}

/** The application with this id (its OAuth client id too). */
export function findApplication(context: DevServerContext, applicationId: string): StoredApplication | undefined {
  return stateOf(context).applications[applicationId];
}

/** Every application, of every tenant. */
export function listApplications(context: DevServerContext): StoredApplication[] {
  return Object.values(stateOf(context).applications);
}

/** Stores a created or updated application. */
export function saveApplication(context: DevServerContext, application: StoredApplication): void {
  stateOf(context).applications[application.id] = application;
  context.store.changed();
}

/** Deletes an application: for good when `hard`, else by deactivating it, as FusionAuth's soft delete does. */
export function deleteApplication(context: DevServerContext, application: StoredApplication, hard: boolean): void {
  if (hard) delete stateOf(context).applications[application.id];
  else application.active = false;
  context.store.changed();
}

/** Adds a role, or replaces the one with its id. */
export function saveRole(context: DevServerContext, application: StoredApplication, role: ApplicationRole): void {
  const index = application.roles.findIndex((existing) => existing.id === role.id);
  if (index < 0) {
    application.roles.push(role);
  } else {
    application.roles[index] = role;
    application.lastUpdateInstant = context.now();
  }
  context.store.changed();
}

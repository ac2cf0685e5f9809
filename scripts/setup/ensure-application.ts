/**
 * The application (https://fusionauth.io/docs/apis/applications): found by the env file's client id or by its name,
 * created when missing, else updated only where it differs from what the app needs. Roles are
 * created or fixed through the Application Role API, the way FusionAuth manages them after creation.
 */
import { randomUUID } from 'node:crypto';
import {
  ClientAuthenticationPolicy,
  GrantType,
  LoginIdType,
  LogoutBehavior,
  RegistrationType,
  type Application,
} from '@fusionauth/typescript-client';
import type { AdminClient } from './admin-client.ts';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  APPLICATION_NAME,
  REFRESH_TOKEN_TTL_MINUTES,
  ROLES,
  appRedirects,
} from './app-requirements.ts';
import { mergeSettings } from './merge-settings.ts';
import { SetupError } from './setup-error.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The settings setup owns; anything else on the application is left alone. */
export function wantedApplicationSettings(appUrl: string, signingKeyId: string): Application {
  const { callbackUrl, homeUrl, logoutUrl } = appRedirects(appUrl);
  return {
    jwtConfiguration: {
      enabled: true,
      timeToLiveInSeconds: ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTimeToLiveInMinutes: REFRESH_TOKEN_TTL_MINUTES,
      accessTokenKeyId: signingKeyId,
      idTokenKeyId: signingKeyId,
    },
    loginConfiguration: { generateRefreshTokens: true, allowTokenRefresh: true, requireAuthentication: true },
    oauthConfiguration: {
      authorizedRedirectURLs: [callbackUrl, homeUrl],
      logoutURL: logoutUrl,
      // FusionAuth's logout page loads every application's logout URL, so one sign-out can end them all.
      logoutBehavior: LogoutBehavior.AllApplications,
      enabledGrants: [GrantType.authorization_code, GrantType.refresh_token],
      clientAuthenticationPolicy: ClientAuthenticationPolicy.Required,
      generateRefreshTokens: true,
      requireRegistration: true,
    },
    // Self-service registration, which FusionAuth's hosted /oauth2/register page needs (LOGIN_FLOW=oauth).
    registrationConfiguration: {
      enabled: true,
      type: RegistrationType.basic,
      loginIdType: LoginIdType.email,
      firstName: { enabled: true, required: false },
      lastName: { enabled: true, required: false },
    },
  };
}

/** The application named by the env file's client id, else the one named `name` (APPLICATION_NAME). */
export async function findApplication(
  api: AdminClient,
  envClientId: string | undefined,
  name = APPLICATION_NAME,
): Promise<Application | undefined> {
  if (envClientId && UUID.test(envClientId)) {
    const found = await api.find(`GET /api/application/${envClientId}`, (client) =>
      client.retrieveApplication(envClientId),
    );
    if (found?.application) return found.application;
  }
  const { applications = [] } = await api.call('GET /api/application', (client) => client.retrieveApplications());
  return applications.find((application) => application.name === name);
}

async function ensureRoles(api: AdminClient, application: Application, changes: string[]): Promise<void> {
  const id = application.id ?? '';
  for (const wanted of ROLES) {
    const current = application.roles?.find((role) => role.name === wanted.name);
    if (!current) {
      await api.call(`POST /api/application/${id}/role`, (client) =>
        client.createApplicationRole(id, null as unknown as string, { role: wanted }),
      );
      changes.push(`added the role "${wanted.name}" to the application`);
    } else if (Boolean(current.isDefault) !== wanted.isDefault || Boolean(current.isSuperRole) !== wanted.isSuperRole) {
      const roleId = current.id ?? '';
      await api.call(`PUT /api/application/${id}/role/${roleId}`, (client) =>
        client.updateApplicationRole(id, roleId, {
          role: { ...current, isDefault: wanted.isDefault, isSuperRole: wanted.isSuperRole },
        }),
      );
      changes.push(
        `made the role "${wanted.name}" ${wanted.isDefault ? 'a default role' : 'not a default role'}${wanted.isSuperRole ? ', super role' : ''}`,
      );
    }
  }
}

/** Creates or updates the application; returns it as FusionAuth now has it (client secret included). */
export async function ensureApplication(
  api: AdminClient,
  existing: Application | undefined,
  appUrl: string,
  signingKeyId: string,
  changes: string[],
  name = APPLICATION_NAME,
): Promise<Application> {
  const wanted = wantedApplicationSettings(appUrl, signingKeyId);
  if (!existing?.id) {
    const id = randomUUID();
    const { application } = await api.call('POST /api/application', (client) =>
      client.createApplication(id, { application: { name, roles: [...ROLES], ...wanted } }),
    );
    changes.push(`created the application "${name}" (${id})`);
    return ensureRolesThenReread(api, application ?? { id }, changes);
  }
  if (existing.active === false) {
    throw new SetupError(
      'CONFLICT',
      `The application "${existing.name}" (${existing.id}) is inactive. Reactivate it in FusionAuth (Applications → Reactivate) and run setup again.`,
    );
  }
  const id = existing.id;
  const merged = mergeSettings(existing, wanted);
  if (merged.changed.length > 0) {
    await api.call(`PUT /api/application/${id}`, (client) =>
      client.updateApplication(id, { application: merged.value }),
    );
    changes.push(`updated the application "${existing.name}": ${merged.changed.join(', ')}`);
  }
  return ensureRolesThenReread(api, existing, changes);
}

async function ensureRolesThenReread(
  api: AdminClient,
  application: Application,
  changes: string[],
): Promise<Application> {
  const id = application.id ?? '';
  await ensureRoles(api, application, changes);
  const { application: current } = await api.call(`GET /api/application/${id}`, (client) =>
    client.retrieveApplication(id),
  );
  if (!current?.oauthConfiguration?.clientSecret) {
    throw new SetupError(
      'FUSIONAUTH_ERROR',
      `FusionAuth returned the application ${id} without oauthConfiguration.clientSecret.`,
    );
  }
  return current;
}

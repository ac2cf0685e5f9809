/**
 * OAuth clients are applications: `client_id` is the application id and `oauthConfiguration` holds
 * the secret, the authorized redirect URLs, the enabled grants and the policies (https://fusionauth.io/docs/apis/applications).
 * Client authentication (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints#client-authentication): HTTP Basic, or
 * `client_id` + `client_secret` in the body; a secret that is sent is always checked; whether one is
 * required follows `clientAuthenticationPolicy` (Required, NotRequired, NotRequiredWhenUsingPKCE).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findApplication } from '../domain/applications.ts';
import { isUuid } from '../domain/lookup.ts';
import { objectAt } from '../domain/settings.ts';
import type { Json, JsonObject, StoredApplication } from '../state/model.ts';
import type { OAuthError } from './oauth-errors.ts';

/** The application behind a client id, if it exists and is active. */
export function findClient(context: DevServerContext, clientId: string | undefined): StoredApplication | undefined {
  if (!isUuid(clientId)) return undefined;
  const application = findApplication(context, clientId);
  return application?.active ? application : undefined;
}

/** The application's `oauthConfiguration`. */
export function oauthConfigurationOf(application: StoredApplication): JsonObject {
  return objectAt(application.config, 'oauthConfiguration');
}

function stringsAt(source: JsonObject, key: string): string[] {
  const value: Json | undefined = source[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Whether `uri` is one of the application's authorized redirect URLs (exact match). */
export function isAuthorizedRedirect(application: StoredApplication, uri: string): boolean {
  return stringsAt(oauthConfigurationOf(application), 'authorizedRedirectURLs').includes(uri);
}

/** The application's authorized redirect URLs, in order. */
export function authorizedRedirects(application: StoredApplication): string[] {
  return stringsAt(oauthConfigurationOf(application), 'authorizedRedirectURLs');
}

/** The path of the hosted backend's callback (https://fusionauth.io/docs/apis/hosted-backend#callback). */
export const HOSTED_BACKEND_CALLBACK_PATH = '/app/callback';

/**
 * The hosted backend's callback on the origin the browser used to reach this server: the redirect URI that
 * `/app/login` and `/app/register` send to `/oauth2/authorize`, which every client may use without listing it.
 */
export function hostedBackendCallbackUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}${HOSTED_BACKEND_CALLBACK_PATH}`;
}

/** Whether a grant (`authorization_code`, `refresh_token`…) is enabled for the application. */
export function isGrantEnabled(application: StoredApplication, grant: string): boolean {
  return stringsAt(oauthConfigurationOf(application), 'enabledGrants').includes(grant);
}

/** A string setting of `oauthConfiguration`, e.g. `logoutURL` or `proofKeyForCodeExchangePolicy`. */
export function oauthSetting(application: StoredApplication, key: string): string | undefined {
  const value = oauthConfigurationOf(application)[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Whether self-service registration (`registrationConfiguration.enabled`) is on for the application. */
export function selfServiceEnabled(application: StoredApplication): boolean {
  return objectAt(application.config, 'registrationConfiguration').enabled === true;
}

/** A registration form field's setting (`registrationConfiguration.firstName` …): shown, and required. */
export function registrationFieldSetting(
  application: StoredApplication,
  field: string,
): { enabled: boolean; required: boolean } {
  const setting = objectAt(objectAt(application.config, 'registrationConfiguration'), field);
  return { enabled: setting.enabled === true, required: setting.enabled === true && setting.required === true };
}

/** Compares secrets in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** RFC 6749 section 2.3.1: Basic credentials are form-urlencoded before base64. */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** The client id and secret of an HTTP Basic `Authorization` header. */
export function basicCredentials(request: FastifyRequest): { clientId: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

export type ClientAuthentication =
  { kind: 'ok'; application: StoredApplication } | { kind: 'failed'; status: number; error: OAuthError };

const INVALID_CLIENT_ID: OAuthError = {
  error: 'invalid_client',
  error_description: 'The client_id is not valid.',
  error_reason: 'invalid_client_id',
};
const INVALID_AUTHENTICATION: OAuthError = {
  error: 'invalid_client',
  error_description: 'Client authentication failed.',
  error_reason: 'invalid_client_authentication',
};

/** Authenticates the client of a token or introspection request; `usesPkce` is for NotRequiredWhenUsingPKCE. */
export function authenticateClient(
  context: DevServerContext,
  request: FastifyRequest,
  body: JsonObject,
  usesPkce: boolean,
): ClientAuthentication {
  const basic = basicCredentials(request);
  const bodyClientId = typeof body.client_id === 'string' && body.client_id !== '' ? body.client_id : undefined;
  const bodySecret =
    typeof body.client_secret === 'string' && body.client_secret !== '' ? body.client_secret : undefined;
  if (basic && bodyClientId && basic.clientId !== bodyClientId)
    return { kind: 'failed', status: 401, error: INVALID_AUTHENTICATION };
  const application = findClient(context, basic?.clientId ?? bodyClientId);
  if (!application) return { kind: 'failed', status: 401, error: INVALID_CLIENT_ID };
  const secret = basic?.secret ?? bodySecret;
  const expected = oauthSetting(application, 'clientSecret') ?? '';
  if (secret !== undefined) {
    return sameSecret(secret, expected)
      ? { kind: 'ok', application }
      : { kind: 'failed', status: 401, error: INVALID_AUTHENTICATION };
  }
  const policy = oauthSetting(application, 'clientAuthenticationPolicy') ?? 'Required';
  const optional = policy === 'NotRequired' || (policy === 'NotRequiredWhenUsingPKCE' && usesPkce);
  return optional ? { kind: 'ok', application } : { kind: 'failed', status: 401, error: INVALID_AUTHENTICATION };
}

/**
 * The grants of FusionAuth's token endpoint (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints#token)
 * and what the dev server does with a `grant_type`: runs it, says it lacks one FusionAuth has (naming why,
 * so nobody mistakes the dev server's gap for a typo), or refuses one that no FusionAuth knows.
 */
import type { OAuthError } from './oauth-errors.ts';

/** The grants the dev server runs, as discovery's `grant_types_supported` lists them. */
export const SUPPORTED_GRANT_TYPES = ['authorization_code', 'client_credentials', 'password', 'refresh_token'] as const;

export type SupportedGrantType = (typeof SUPPORTED_GRANT_TYPES)[number];

/** FusionAuth's other token grants, with why the dev server lacks each. */
const GRANTS_THE_DEV_SERVER_LACKS: Readonly<Record<string, string>> = {
  // https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints#complete-the-device-authorization-grant-request
  'urn:ietf:params:oauth:grant-type:device_code': 'the dev server has no device authorization endpoint',
};

export type GrantTypeCheck =
  { kind: 'supported'; grantType: SupportedGrantType } | { kind: 'refused'; error: OAuthError };

function isSupported(value: string): value is SupportedGrantType {
  return (SUPPORTED_GRANT_TYPES as readonly string[]).includes(value);
}

/** What the token endpoint does with a request's `grant_type`. */
export function checkGrantType(value: string | undefined): GrantTypeCheck {
  if (value === undefined) {
    return {
      kind: 'refused',
      error: {
        error: 'invalid_request',
        error_reason: 'missing_grant_type',
        error_description: 'The grant_type parameter is required.',
      },
    };
  }
  if (isSupported(value)) return { kind: 'supported', grantType: value };
  const lacking = GRANTS_THE_DEV_SERVER_LACKS[value];
  return {
    kind: 'refused',
    error: {
      error: 'unsupported_grant_type',
      error_reason: 'invalid_grant_type',
      error_description: lacking
        ? `The grant_type [${value}] is a FusionAuth grant that the FusionAuth dev server does not support: ${lacking}.`
        : `Unsupported grant_type [${value}].`,
    },
  };
}

/** Token parameters FusionAuth takes that the dev server does not implement, with FusionAuth's reason code. */
const PARAMETERS_THE_DEV_SERVER_LACKS: ReadonlyArray<{ name: string; reason: string; what: string }> = [
  { name: 'user_code', reason: 'invalid_user_code', what: 'approves a device authorization' },
  { name: 'expires_in', reason: 'invalid_expires_in', what: 'shortens the tokens of a refresh (FusionAuth 1.59+)' },
];

/**
 * The error for a parameter the dev server does not implement, when the request carries one. The official
 * TypeScript client sends an unset argument as the text `null`, so that counts as absent.
 */
export function unsupportedParameterError(body: Readonly<Record<string, unknown>>): OAuthError | undefined {
  const present = PARAMETERS_THE_DEV_SERVER_LACKS.find(({ name }) => {
    const value = body[name];
    return typeof value === 'string' && value !== '' && value !== 'null';
  });
  if (!present) return undefined;
  return {
    error: 'invalid_request',
    error_reason: present.reason,
    error_description: `The ${present.name} parameter ${present.what}, which the FusionAuth dev server does not support.`,
  };
}

/**
 * OAuth error answers in FusionAuth's shape (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints):
 * `{"error":…,"error_description":…,"error_reason":…}` as JSON, or the same as query parameters on a
 * redirect back to the client. `error_reason` is FusionAuth's fine-grained code.
 */
import type { FastifyReply } from 'fastify';
import type { JsonObject } from '../state/model.ts';

export interface OAuthError {
  error: string;
  error_description: string;
  error_reason: string;
  /** The password grant's way on: a password change, or a two-factor login. */
  change_password_id?: string;
  two_factor_id?: string;
  two_factor_methods?: JsonObject[];
}

/** Every failed authorization-code exchange looks the same, whatever went wrong (reported, not documented: docs/differences-from-fusionauth.md). */
export const AUTH_CODE_NOT_FOUND: OAuthError = {
  error: 'invalid_request',
  error_description: 'Invalid Authorization Code',
  error_reason: 'auth_code_not_found',
};

/** Sends an OAuth error as JSON with `no-store`, as RFC 6749 section 5.2 asks of token responses. */
export function sendOAuthError(reply: FastifyReply, status: number, error: OAuthError): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').header('pragma', 'no-cache').send(error);
}

/** The client's redirect URI with the error (and `state`) added to its query, per RFC 6749 section 4.1.2.1. */
export function errorRedirectUrl(redirectUri: string, error: OAuthError, state: string | undefined): string {
  const url = new URL(redirectUri);
  for (const name of ['error', 'error_description', 'error_reason'] as const) url.searchParams.set(name, error[name]);
  if (state) url.searchParams.set('state', state);
  return url.href;
}

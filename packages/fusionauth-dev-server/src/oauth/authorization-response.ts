/**
 * The successful end of an authorization: a code bound to the request (client, redirect URI, PKCE
 * challenge, nonce, scopes) and the SSO session, sent back as
 * `302 {redirect_uri}?code=…&state=…&userState=…&iss=…` (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints ; `iss` per RFC 9207, https://fusionauth.io/docs/since 1.69).
 */
import type { FastifyReply } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { registrationFor } from '../domain/registrations.ts';
import type { StoredUser } from '../state/model.ts';
import { issuerFor, type AuthenticationType } from '../tokens/access-token.ts';
import type { AuthorizationRequest } from './authorization-request.ts';
import { issueAuthorizationCode } from './authorization-codes.ts';
import { errorRedirectUrl, type OAuthError } from './oauth-errors.ts';
import type { SsoSession } from './sso-session.ts';

/** Redirects back to the client with a fresh code. */
export function redirectWithCode(
  context: DevServerContext,
  reply: FastifyReply,
  request: AuthorizationRequest,
  sso: SsoSession,
  user: StoredUser,
  authenticationType: AuthenticationType,
): FastifyReply {
  const code = issueAuthorizationCode(context, {
    applicationId: request.application.id,
    redirectUri: request.redirectUri,
    userId: user.id,
    scopes: request.scopes,
    nonce: request.nonce,
    codeChallenge: request.codeChallenge,
    ssoSessionId: sso.id,
    authInstant: sso.authInstant,
    authenticationType,
  });
  const url = new URL(request.redirectUri);
  url.searchParams.set('code', code);
  if (request.state) url.searchParams.set('state', request.state);
  url.searchParams.set(
    'userState',
    registrationFor(user, request.application.id) ? 'Authenticated' : 'AuthenticatedNotRegistered',
  );
  url.searchParams.set('iss', issuerFor(context, user.tenantId));
  return redirect(reply, url.href);
}

/** Redirects back to the client with an OAuth error. */
export function redirectWithError(
  reply: FastifyReply,
  redirectUri: string,
  error: OAuthError,
  state: string | undefined,
): FastifyReply {
  return redirect(reply, errorRedirectUrl(redirectUri, error, state));
}

/** A plain 302 with an empty body. */
export function redirect(reply: FastifyReply, location: string): FastifyReply {
  return reply
    .code(302)
    .header('location', location)
    .header('cache-control', 'no-store')
    .removeHeader('content-type')
    .send();
}

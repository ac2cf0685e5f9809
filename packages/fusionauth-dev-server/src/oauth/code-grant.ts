/**
 * The authorization code grant of `POST /oauth2/token`
 * (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints#complete-the-authorization-code-grant-request):
 * the code must be live, issued to this client for this `redirect_uri`, and match its PKCE challenge.
 * Every failure is the same `auth_code_not_found` (reported, not documented: docs/differences-from-fusionauth.md).
 */
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findUser } from '../domain/lookup.ts';
import type { JsonObject, StoredApplication } from '../state/model.ts';
import { redeemAuthorizationCode, type AuthorizationGrant } from './authorization-codes.ts';
import { AUTH_CODE_NOT_FOUND, sendOAuthError } from './oauth-errors.ts';
import { formText, sendGrantTokens } from './token-response.ts';

/** RFC 7636 section 4.6: BASE64URL(SHA256(code_verifier)) must equal the challenge. */
function verifierMatches(verifier: string | undefined, challenge: string | undefined): boolean {
  if (challenge === undefined) return verifier === undefined;
  if (verifier === undefined || !/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return false;
  return createHash('sha256').update(verifier, 'ascii').digest('base64url') === challenge;
}

/** The grant behind the code, when every binding holds; the code is gone either way. */
function redeem(
  context: DevServerContext,
  application: StoredApplication,
  body: JsonObject,
): AuthorizationGrant | undefined {
  const code = formText(body, 'code');
  const grant = code ? redeemAuthorizationCode(context, code) : undefined;
  if (!grant) return undefined;
  const bound =
    grant.applicationId === application.id &&
    grant.redirectUri === formText(body, 'redirect_uri') &&
    verifierMatches(formText(body, 'code_verifier'), grant.codeChallenge);
  return bound ? grant : undefined;
}

/** Exchanges an authorization code for tokens. */
export async function exchangeAuthorizationCode(
  context: DevServerContext,
  reply: FastifyReply,
  application: StoredApplication,
  body: JsonObject,
): Promise<FastifyReply> {
  const grant = redeem(context, application, body);
  const user = grant ? findUser(context, grant.userId) : undefined;
  if (!grant || !user?.active) return sendOAuthError(reply, 400, AUTH_CODE_NOT_FOUND);
  return sendGrantTokens(context, reply, {
    grantType: 'authorization_code',
    user,
    application,
    scopes: grant.scopes,
    authInstant: grant.authInstant,
    authenticationType: grant.authenticationType,
    code: formText(body, 'code'),
    nonce: grant.nonce,
    ssoSessionId: grant.ssoSessionId,
  });
}

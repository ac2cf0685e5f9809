/**
 * Validating an authorization request (`/oauth2/authorize` and `/oauth2/register` take the same
 * parameters (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints)). RFC 6749 section 4.1.2.1: an unknown client or
 * an unregistered redirect URI gets an error page and never a redirect; every other problem goes back
 * to the client's redirect URI as `error`, `error_description`, `error_reason` and `state`.
 */
import type { JsonObject, StoredApplication } from '../state/model.ts';
import type { DevServerContext } from '../context.ts';
import { findClient, isAuthorizedRedirect, isGrantEnabled, oauthSetting } from './clients.ts';
import type { OAuthError } from './oauth-errors.ts';
import { parseScopes, type Scope } from './scopes.ts';

export interface AuthorizationRequest {
  application: StoredApplication;
  redirectUri: string;
  scopes: Scope[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  prompt?: 'none' | 'login' | 'consent';
}

export type ParsedAuthorizationRequest =
  | { kind: 'ok'; request: AuthorizationRequest }
  /** Nothing can be sent back to the client: show a page. */
  | { kind: 'page'; title: string; text: string }
  | { kind: 'redirect'; redirectUri: string; error: OAuthError; state: string | undefined };

/** RFC 7636 section 4.2: a base64url SHA-256 digest is 43 characters; the syntax allows 43 to 128. */
const CODE_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

function text(params: JsonObject, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function refuse(error: string, reason: string, description: string): OAuthError {
  return { error, error_reason: reason, error_description: description };
}

/**
 * Validates the parameters (from the query string or the hosted form's hidden fields). `ownCallback` is the
 * hosted backend's callback on this server, which any client may name as its redirect URI.
 */
export function parseAuthorizationRequest(
  context: DevServerContext,
  params: JsonObject,
  ownCallback?: string,
): ParsedAuthorizationRequest {
  const application = findClient(context, text(params, 'client_id'));
  if (!application) {
    return {
      kind: 'page',
      title: 'Invalid request',
      text: 'The client_id is missing or is not a valid application id.',
    };
  }
  const redirectUri = text(params, 'redirect_uri');
  if (!redirectUri || !(redirectUri === ownCallback || isAuthorizedRedirect(application, redirectUri))) {
    return {
      kind: 'page',
      title: 'Invalid redirect',
      text: 'The redirect_uri is missing or is not an authorized redirect URL of this application.',
    };
  }
  const state = text(params, 'state');
  const error = checkParameters(application, params);
  if (error) return { kind: 'redirect', redirectUri, error, state };
  const scopes = parseScopes(text(params, 'scope'));
  if (scopes.kind === 'unknown') {
    return {
      kind: 'redirect',
      redirectUri,
      state,
      error: refuse('invalid_scope', 'unknown_scope', `Unsupported scope [${scopes.unknown.join(' ')}].`),
    };
  }
  const prompt = text(params, 'prompt') as AuthorizationRequest['prompt'];
  return {
    kind: 'ok',
    request: {
      application,
      redirectUri,
      scopes: scopes.scopes,
      state,
      nonce: text(params, 'nonce'),
      codeChallenge: text(params, 'code_challenge'),
      prompt,
    },
  };
}

function checkParameters(application: StoredApplication, params: JsonObject): OAuthError | undefined {
  if (text(params, 'response_type') !== 'code') {
    return refuse('unsupported_response_type', 'invalid_response_type', 'Only response_type=code is supported.');
  }
  if (!isGrantEnabled(application, 'authorization_code')) {
    return refuse(
      'unauthorized_client',
      'grant_type_disabled',
      'The authorization_code grant is not enabled for this application.',
    );
  }
  const responseMode = text(params, 'response_mode');
  if (responseMode && responseMode !== 'query')
    return refuse('invalid_request', 'invalid_response_mode', 'Only response_mode=query is supported.');
  const prompt = text(params, 'prompt');
  if (prompt && !['none', 'login', 'consent'].includes(prompt))
    return refuse('invalid_request', 'invalid_prompt', `Unsupported prompt [${prompt}].`);
  return checkPkce(application, text(params, 'code_challenge'), text(params, 'code_challenge_method'));
}

function checkPkce(
  application: StoredApplication,
  challenge: string | undefined,
  method: string | undefined,
): OAuthError | undefined {
  if (challenge === undefined) {
    if (method !== undefined)
      return refuse(
        'invalid_request',
        'missing_code_challenge',
        'code_challenge_method was sent without a code_challenge.',
      );
    const required = oauthSetting(application, 'proofKeyForCodeExchangePolicy') === 'Required';
    return required
      ? refuse('invalid_request', 'missing_code_challenge', 'This application requires PKCE.')
      : undefined;
  }
  if (method !== 'S256')
    return refuse('invalid_request', 'invalid_pkce_code_challenge_method', 'code_challenge_method must be S256.');
  return CODE_CHALLENGE.test(challenge)
    ? undefined
    : refuse('invalid_request', 'invalid_pkce_code_challenge', 'The code_challenge is malformed.');
}

/** The request as the hidden fields of a hosted form, so the POST carries it again. */
export function authorizationFields(request: AuthorizationRequest): Record<string, string | undefined> {
  return {
    client_id: request.application.id,
    redirect_uri: request.redirectUri,
    response_type: 'code',
    scope: request.scopes.join(' '),
    state: request.state,
    nonce: request.nonce,
    code_challenge: request.codeChallenge,
    code_challenge_method: request.codeChallenge ? 'S256' : undefined,
  };
}

/** The same request as a query string, for links between the login and registration pages. */
export function authorizationQuery(request: AuthorizationRequest): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(authorizationFields(request))) if (value) query.set(name, value);
  return query.toString();
}

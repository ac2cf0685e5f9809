/**
 * The Resource Owner Password Credentials grant of `POST /oauth2/token`
 * (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints#resource-owner-password-credentials-grant-request):
 * `username` (an email or username) and `password` are checked by the Login API's rules, and each refusal
 * becomes an OAuth error with FusionAuth's `error_reason`. A user with two-factor gets `two_factor_id` and
 * `two_factor_methods`, to finish with the Two-Factor Login API; a user who must change the password gets
 * `change_password_id`. A user not registered for the application still gets tokens, without
 * applicationId and roles, unless the application requires registration.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { authenticate, type LoginOutcome } from '../domain/authenticate.ts';
import { issuePendingId } from '../domain/pending-ids.ts';
import { twoFactorMethodsView } from '../domain/two-factor.ts';
import { recordLogin } from '../domain/users.ts';
import type { JsonObject, StoredApplication } from '../state/model.ts';
import { mustRegisterFirst } from './authorize.ts';
import { sendOAuthError, type OAuthError } from './oauth-errors.ts';
import { parseScopes } from './scopes.ts';
import { formText, sendGrantTokens } from './token-response.ts';

type Refusal = Exclude<LoginOutcome['kind'], 'ok' | 'not-registered' | 'two-factor' | 'change-password'>;

/** The error for each refused sign-in (the descriptions are the dev server's own words). */
const REFUSALS: Record<Refusal, OAuthError> = {
  'not-found': {
    error: 'invalid_grant',
    error_reason: 'invalid_user_credentials',
    error_description: 'The user credentials are invalid.',
  },
  locked: { error: 'invalid_grant', error_reason: 'user_locked', error_description: 'The user is locked.' },
  expired: { error: 'invalid_grant', error_reason: 'user_expired', error_description: 'The user has expired.' },
  'verify-email': {
    error: 'invalid_grant',
    error_reason: 'email_verification_required',
    error_description: 'The user must verify their email address.',
  },
  'registration-unverified': {
    error: 'invalid_grant',
    error_reason: 'registration_verification_required',
    error_description: 'The user must verify their registration.',
  },
};

/** `metaData.device.*` form fields: the refresh token's device. */
function deviceOf(body: JsonObject): JsonObject | undefined {
  const device: JsonObject = {};
  for (const field of ['name', 'description', 'type']) {
    const value = formText(body, `metaData.device.${field}`);
    if (value) device[field] = value;
  }
  return Object.keys(device).length > 0 ? device : undefined;
}

/** Exchanges a user's login id and password for tokens. */
export async function exchangeUserCredentials(
  context: DevServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  application: StoredApplication,
  body: JsonObject,
): Promise<FastifyReply> {
  const requested = parseScopes(formText(body, 'scope'));
  if (requested.kind === 'unknown') {
    return sendOAuthError(reply, 400, {
      error: 'invalid_scope',
      error_reason: 'unknown_scope',
      error_description: `Unsupported scope [${requested.unknown.join(' ')}].`,
    });
  }
  // FusionAuth documents `username`; its example request sends `loginId`.
  const loginId = (formText(body, 'username') ?? formText(body, 'loginId') ?? '').trim();
  const password = formText(body, 'password') ?? '';
  const outcome: LoginOutcome =
    loginId && password
      ? await authenticate(context, { loginId, password, tenantId: application.tenantId, application })
      : { kind: 'not-found' };
  switch (outcome.kind) {
    case 'two-factor': {
      const pending = issuePendingId(context, 'two-factor', outcome.user, { applicationId: application.id });
      return sendOAuthError(reply, 400, {
        error: 'two_factor_required',
        error_reason: 'multi_factor_challenge_required',
        error_description: 'The user has two-factor authentication enabled: complete the login with the code.',
        two_factor_id: pending.id,
        two_factor_methods: twoFactorMethodsView(outcome.user),
      });
    }
    case 'change-password': {
      const pending = issuePendingId(context, 'change-password', outcome.user, { viaEmail: false }, true);
      return sendOAuthError(reply, 400, {
        error: 'change_password_required',
        error_reason: 'change_password_administrative',
        error_description: 'The user is required to change their password.',
        change_password_id: pending.id,
      });
    }
    case 'ok':
    case 'not-registered':
      break;
    default:
      return sendOAuthError(reply, 400, REFUSALS[outcome.kind]);
  }
  if (mustRegisterFirst(application, outcome.user)) {
    return sendOAuthError(reply, 400, {
      error: 'invalid_grant',
      error_reason: 'registration_required',
      error_description: 'The user is not registered for this application.',
    });
  }
  recordLogin(context, outcome.user, outcome.kind === 'ok' ? outcome.registration : undefined, {
    applicationId: application.id,
    authenticationType: 'PASSWORD',
    ipAddress: request.ip,
  });
  const device = deviceOf(body);
  return sendGrantTokens(context, reply, {
    grantType: 'password',
    user: outcome.user,
    application,
    scopes: requested.scopes,
    authInstant: context.now(),
    authenticationType: 'PASSWORD',
    ...(device ? { metaData: { device } } : {}),
  });
}

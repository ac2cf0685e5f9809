/**
 * `GET /oauth2/authorize` shows the hosted login page, or, with a live SSO session and no
 * `prompt=login`, goes straight back to the client with a code; `POST /oauth2/authorize` checks the
 * credentials through the domain's `authenticate` (the Login API's rules), asks a two-factor user for
 * the code (`POST /oauth2/two-factor`) and a user who must change the password for a new one
 * (`POST /oauth2/change-password`), records the login (`user.login.success`), starts the SSO
 * session and redirects with a code (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { stateOf, type DevServerContext } from '../context.ts';
import { authenticate, checkLoginPolicies, type LoginOutcome } from '../domain/authenticate.ts';
import { consumePendingId, findPendingId, issuePendingId } from '../domain/pending-ids.ts';
import { registrationFor } from '../domain/registrations.ts';
import { changeUserPassword } from '../domain/password-change.ts';
import { checkPasswordRules } from '../domain/password-rules.ts';
import { checkTwoFactorCode } from '../domain/two-factor.ts';
import { recordLogin } from '../domain/users.ts';
import { bodyObject } from '../http/body.ts';
import { ErrorCollector } from '../http/errors.ts';
import type { JsonObject, PendingId, StoredApplication, StoredUser } from '../state/model.ts';
import { parseAuthorizationRequest, type AuthorizationRequest } from './authorization-request.ts';
import { changePasswordPage } from './change-password-page.ts';
import { redirectWithCode, redirectWithError } from './authorization-response.ts';
import { oauthConfigurationOf } from './clients.ts';
import { errorPage, sendHostedPage } from './hosted-page.ts';
import { loginPage, type LoginPageModel } from './login-page.ts';
import { currentSsoSession, startSsoSession } from './sso-session.ts';
import { twoFactorPage } from './two-factor-page.ts';

/** What the hosted page says for each refused login (FusionAuth's theme messages). */
const REFUSALS: Record<Exclude<LoginOutcome['kind'], 'ok' | 'not-registered' | 'two-factor' | 'change-password'>, string> = {
  'not-found': 'Invalid login credentials.',
  locked: 'Your account has been locked.',
  expired: 'Your account has expired.',
  // The hosted pages do not run these flows (the app's own forms do).
  'verify-email': 'You must verify your email address before you can sign in.',
  'registration-unverified': 'You must verify your registration before you can sign in.',
};

const NOT_REGISTERED = 'You are not registered for this application.';
const STEP_EXPIRED = 'Your sign-in took too long. Log in again.';

/** `oauthConfiguration.requireRegistration`: only registered users may finish the flow. */
export function registrationRefusal(application: StoredApplication, user: StoredUser): string | undefined {
  const required = oauthConfigurationOf(application).requireRegistration === true;
  return required && !registrationFor(user, application.id) ? NOT_REGISTERED : undefined;
}

/** Parses the request; answers the error page or error redirect itself and returns null when it is not valid. */
export function acceptAuthorizationRequest(
  context: DevServerContext, reply: FastifyReply, params: JsonObject,
): AuthorizationRequest | null {
  const parsed = parseAuthorizationRequest(context, params);
  if (parsed.kind === 'page') sendHostedPage(reply, 400, errorPage(parsed.title, parsed.text));
  if (parsed.kind === 'redirect') redirectWithError(reply, parsed.redirectUri, parsed.error, parsed.state);
  return parsed.kind === 'ok' ? parsed.request : null;
}

/** Sends a hosted page whose form may end in a redirect to the client. */
export function sendAuthorizationPage(reply: FastifyReply, request: AuthorizationRequest, page: string): FastifyReply {
  return sendHostedPage(reply, 200, page, new URL(request.redirectUri).origin);
}

function showLogin(reply: FastifyReply, model: LoginPageModel): FastifyReply {
  return sendAuthorizationPage(reply, model.request, loginPage(model));
}

/** Registers GET and POST /oauth2/authorize. */
export function registerAuthorizeRoutes(app: FastifyInstance, context: DevServerContext): void {
  app.get('/oauth2/authorize', async (request: FastifyRequest<{ Querystring: JsonObject }>, reply) => {
    const authorization = acceptAuthorizationRequest(context, reply, request.query);
    if (!authorization) return reply;
    const sso = authorization.prompt === 'login' ? null : currentSsoSession(context, request);
    if (sso) {
      const refusal = registrationRefusal(authorization.application, sso.user);
      if (refusal) return showLogin(reply, { request: authorization, error: refusal });
      return redirectWithCode(context, reply, authorization, sso.session, sso.user, 'PASSWORD');
    }
    if (authorization.prompt === 'none') {
      return redirectWithError(reply, authorization.redirectUri, {
        error: 'login_required', error_reason: 'login_required', error_description: 'The user is not logged in.',
      }, authorization.state);
    }
    return showLogin(reply, { request: authorization });
  });

  app.post('/oauth2/authorize', async (request, reply) => {
    const body = bodyObject(request.body);
    const authorization = acceptAuthorizationRequest(context, reply, body);
    if (!authorization) return reply;
    const loginId = typeof body.loginId === 'string' ? body.loginId.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (loginId === '' || password === '') {
      const fieldErrors = {
        ...(loginId === '' ? { loginId: 'Enter your email address.' } : {}),
        ...(password === '' ? { password: 'Enter your password.' } : {}),
      };
      return showLogin(reply, { request: authorization, loginId, fieldErrors });
    }
    const application = authorization.application;
    const outcome = await authenticate(context, { loginId, password, tenantId: application.tenantId, application });
    return continueSignIn(context, request, reply, authorization, outcome, loginId);
  });

  app.post('/oauth2/two-factor', async (request, reply) => {
    const body = bodyObject(request.body);
    const step = acceptStep(context, reply, body, 'two-factor', 'twoFactorId');
    if (!step) return reply;
    const { authorization, pending, user, id: twoFactorId } = step;
    const code = typeof body.code === 'string' ? body.code.trim() : '';
    if (code === '' || !checkTwoFactorCode(context, user, code)) {
      const error = code === '' ? 'Enter the code.' : 'Invalid verification code.';
      return sendAuthorizationPage(reply, authorization, twoFactorPage({ request: authorization, twoFactorId, error }));
    }
    consumePendingId(context, pending);
    const outcome = user.active ? checkLoginPolicies(context, user, authorization.application, { secondFactorDone: true }) : { kind: 'locked' as const };
    return continueSignIn(context, request, reply, authorization, outcome, user.email ?? '');
  });

  app.post('/oauth2/change-password', async (request, reply) => {
    const body = bodyObject(request.body);
    const step = acceptStep(context, reply, body, 'change-password', 'changePasswordId');
    if (!step) return reply;
    const { authorization, user, id: changePasswordId } = step;
    const password = typeof body.password === 'string' ? body.password : '';
    const errors = new ErrorCollector();
    checkPasswordRules(stateOf(context).tenants[user.tenantId], password, 'password', errors);
    const problem = password === '' ? 'Enter a new password.' : errors.toErrors().fieldErrors?.password?.[0]?.message;
    if (problem) return sendAuthorizationPage(reply, authorization, changePasswordPage({ request: authorization, changePasswordId, error: problem }));
    if (!(await changeUserPassword(context, user, password, { viaEmail: false }))) return showLogin(reply, { request: authorization, error: STEP_EXPIRED });
    // The two-factor step, if any, was passed before the 203 in this same sign-in.
    const outcome = checkLoginPolicies(context, user, authorization.application, { secondFactorDone: true });
    return continueSignIn(context, request, reply, authorization, outcome, user.email ?? '');
  });
}

/**
 * The authorization request and the paused sign-in a step's form carries (its id in `field`). When the
 * step is gone, answers the login page itself and returns null. Only ids this hosted sign-in minted
 * for this application count: a step-up's twoFactorId (Two-Factor Start API) never signs anyone in here.
 */
function acceptStep(
  context: DevServerContext, reply: FastifyReply, body: JsonObject, kind: 'two-factor' | 'change-password', field: string,
): { authorization: AuthorizationRequest; pending: PendingId; user: StoredUser; id: string } | null {
  const authorization = acceptAuthorizationRequest(context, reply, body);
  if (!authorization) return null;
  const value = body[field];
  const id = typeof value === 'string' ? value : '';
  const pending = findPendingId(context, kind, id);
  const user = pending && stateOf(context).users[pending.userId];
  if (!pending || !user || pending.data.stepUp === true || pending.data.applicationId !== authorization.application.id) {
    showLogin(reply, { request: authorization, error: STEP_EXPIRED });
    return null;
  }
  return { authorization, pending, user, id };
}

/** After the password (and the code, when asked): the code page, a refusal, or a code back to the client. */
function continueSignIn(
  context: DevServerContext, request: FastifyRequest, reply: FastifyReply, authorization: AuthorizationRequest, outcome: LoginOutcome, loginId: string,
): FastifyReply {
  if (outcome.kind === 'two-factor') {
    const pending = issuePendingId(context, 'two-factor', outcome.user, { applicationId: authorization.application.id });
    return sendAuthorizationPage(reply, authorization, twoFactorPage({ request: authorization, twoFactorId: pending.id }));
  }
  if (outcome.kind === 'change-password') {
    const pending = issuePendingId(context, 'change-password', outcome.user, { viaEmail: false, applicationId: authorization.application.id }, true);
    return sendAuthorizationPage(reply, authorization, changePasswordPage({ request: authorization, changePasswordId: pending.id }));
  }
  if (outcome.kind !== 'ok' && outcome.kind !== 'not-registered') {
    return showLogin(reply, { request: authorization, loginId, error: REFUSALS[outcome.kind] });
  }
  const refusal = registrationRefusal(authorization.application, outcome.user);
  if (refusal) return showLogin(reply, { request: authorization, loginId, error: refusal });
  recordLogin(context, outcome.user, outcome.kind === 'ok' ? outcome.registration : undefined, {
    applicationId: authorization.application.id, authenticationType: 'PASSWORD', ipAddress: request.ip,
  });
  const sso = startSsoSession(context, request, reply, outcome.user);
  return redirectWithCode(context, reply, authorization, sso, outcome.user, 'PASSWORD');
}

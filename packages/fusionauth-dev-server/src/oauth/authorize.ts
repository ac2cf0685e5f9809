/**
 * `GET /oauth2/authorize` shows the hosted login page, or, with a live SSO session and no
 * `prompt=login`, goes straight back to the client with a code; `POST /oauth2/authorize` checks the
 * credentials through the domain's `authenticate` (the Login API's rules), asks a two-factor user for
 * the code (`POST /oauth2/two-factor`) and a user who must change the password for a new one
 * (`POST /password/change`, password-routes.ts), records the login (`user.login.success`), starts
 * the SSO session and redirects with a code (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints).
 * A user the application requires to be registered gets FusionAuth's "Registration Required" page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { authenticate, checkLoginPolicies, type LoginOutcome } from '../domain/authenticate.ts';
import { findUser } from '../domain/lookup.ts';
import { passwordLengthRules } from '../domain/password-rules.ts';
import { consumePendingId, findPendingId, issuePendingId } from '../domain/pending-ids.ts';
import { registrationFor } from '../domain/registrations.ts';
import { findTenant } from '../domain/tenants.ts';
import { themeFor } from '../domain/themes.ts';
import { themeTextFor } from './theme-text.ts';
import { checkTwoFactorCode } from '../domain/two-factor.ts';
import { recordLogin } from '../domain/users.ts';
import { bodyObject } from '../http/body.ts';
import type { JsonObject, PendingId, StoredApplication, StoredUser } from '../state/model.ts';
import { parseAuthorizationRequest, type AuthorizationRequest } from './authorization-request.ts';
import { changePasswordPage } from './change-password-page.ts';
import { redirectWithCode, redirectWithError } from './authorization-response.ts';
import {
  authorizedRedirects,
  HOSTED_BACKEND_CALLBACK_PATH,
  hostedBackendCallbackUrl,
  oauthConfigurationOf,
} from './clients.ts';
import { errorView, sendHostedPage, type ThemedView } from './hosted-page.ts';
import { loginPage, type LoginPageModel } from './login-page.ts';
import { registrationRequiredPage } from './message-pages.ts';
import { currentSsoSession, startSsoSession } from './sso-session.ts';
import { PAGE_MESSAGES, themeMessage } from './theme-messages.ts';
import { twoFactorPage } from './two-factor-page.ts';

/** What the hosted page says for each refused login (FusionAuth's theme messages). */
const REFUSALS: Record<
  Exclude<LoginOutcome['kind'], 'ok' | 'not-registered' | 'two-factor' | 'change-password'>,
  string
> = {
  'not-found': PAGE_MESSAGES.invalidLogin,
  locked: PAGE_MESSAGES.locked,
  expired: PAGE_MESSAGES.expired,
  // The hosted pages do not run these flows (the app's own forms do).
  'verify-email': 'You must verify your email address before you continue.',
  'registration-unverified': 'You must verify your registration before you continue.',
};

/** `oauthConfiguration.requireRegistration`: only registered users may finish the flow. */
export function mustRegisterFirst(application: StoredApplication, user: StoredUser): boolean {
  return oauthConfigurationOf(application).requireRegistration === true && !registrationFor(user, application.id);
}

/** Parses the request; answers the error page or error redirect itself and returns null when it is not valid. */
export function acceptAuthorizationRequest(
  context: DevServerContext,
  reply: FastifyReply,
  params: JsonObject,
): AuthorizationRequest | null {
  const parsed = parseAuthorizationRequest(context, params, hostedBackendCallbackUrl(reply.request));
  if (parsed.kind === 'page') sendHostedPage(reply, errorView(parsed.title, parsed.text), { status: 400 });
  if (parsed.kind === 'redirect') redirectWithError(reply, parsed.redirectUri, parsed.error, parsed.state);
  return parsed.kind === 'ok' ? parsed.request : null;
}

/** Sends a hosted page of an authorization request: the application's theme, and a form that may end in a redirect to the client. */
export function sendAuthorizationPage(
  context: DevServerContext,
  reply: FastifyReply,
  request: AuthorizationRequest,
  view: ThemedView,
): FastifyReply {
  const theme = themeFor(context, request.application);
  const redirect = new URL(request.redirectUri);
  const redirectOrigins = [redirect.origin];
  // The hosted backend's callback redirects on to one of the client's authorized URLs, in the same chain.
  if (redirect.pathname === HOSTED_BACKEND_CALLBACK_PATH) {
    const authorized = authorizedRedirects(request.application).filter((url) => URL.canParse(url));
    redirectOrigins.push(...authorized.map((url) => new URL(url).origin));
  }
  return sendHostedPage(reply, view, {
    redirectOrigins,
    ...(theme?.stylesheet ? { themeStylesheet: theme.stylesheet } : {}),
    messages: themeTextFor(theme, reply.request.headers['accept-language']),
  });
}

/** The login page of an authorization request. */
export function showLogin(
  context: DevServerContext,
  reply: FastifyReply,
  model: LoginPageModel & { request: AuthorizationRequest },
): FastifyReply {
  return sendAuthorizationPage(context, reply, model.request, loginPage(model));
}

/** Registers GET and POST /oauth2/authorize. */
export function registerAuthorizeRoutes(app: FastifyInstance, context: DevServerContext): void {
  app.get('/oauth2/authorize', async (request: FastifyRequest<{ Querystring: JsonObject }>, reply) => {
    const authorization = acceptAuthorizationRequest(context, reply, request.query);
    if (!authorization) return reply;
    const sso =
      authorization.prompt === 'login' ? null : currentSsoSession(context, request, authorization.application.tenantId);
    if (sso) {
      if (mustRegisterFirst(authorization.application, sso.user)) {
        return sendAuthorizationPage(context, reply, authorization, registrationRequiredPage());
      }
      return redirectWithCode(context, reply, authorization, sso.session, sso.user, 'PASSWORD');
    }
    if (authorization.prompt === 'none') {
      return redirectWithError(
        reply,
        authorization.redirectUri,
        {
          error: 'login_required',
          error_reason: 'authentication_required',
          error_description: 'The user is not logged in.',
        },
        authorization.state,
      );
    }
    return showLogin(context, reply, { request: authorization });
  });

  app.post('/oauth2/authorize', async (request, reply) => {
    const body = bodyObject(request.body);
    const authorization = acceptAuthorizationRequest(context, reply, body);
    if (!authorization) return reply;
    const loginId = typeof body.loginId === 'string' ? body.loginId.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (loginId === '' || password === '') {
      const fieldErrors = {
        ...(loginId === '' ? { loginId: themeMessage('[blank]loginId', 'loginId', 'Required') } : {}),
        ...(password === '' ? { password: themeMessage('[blank]password', 'password', 'Required') } : {}),
      };
      return showLogin(context, reply, { request: authorization, loginId, fieldErrors });
    }
    const application = authorization.application;
    const outcome = await authenticate(context, { loginId, password, tenantId: application.tenantId, application });
    return continueSignIn(context, request, reply, authorization, outcome, loginId);
  });

  app.post('/oauth2/two-factor', async (request, reply) => {
    const body = bodyObject(request.body);
    const step = acceptTwoFactorStep(context, reply, body);
    if (!step) return reply;
    const { authorization, pending, user, id: twoFactorId } = step;
    const code = typeof body.code === 'string' ? body.code.trim() : '';
    if (code === '' || !checkTwoFactorCode(context, user, code)) {
      const error = themeMessage(code === '' ? '[blank]code' : '[invalid]code', 'code', 'Invalid code');
      return sendAuthorizationPage(
        context,
        reply,
        authorization,
        twoFactorPage({ request: authorization, twoFactorId, error }),
      );
    }
    consumePendingId(context, pending);
    const outcome = user.active
      ? checkLoginPolicies(context, user, authorization.application, { secondFactorDone: true })
      : { kind: 'locked' as const };
    return continueSignIn(context, request, reply, authorization, outcome, user.email ?? '');
  });
}

/**
 * The authorization request and the paused sign-in the two-factor form carries. When the step is
 * gone, answers the login page itself and returns null. Only ids this hosted sign-in minted for this
 * application count: a step-up's twoFactorId (Two-Factor Start API) never signs anyone in here.
 */
function acceptTwoFactorStep(
  context: DevServerContext,
  reply: FastifyReply,
  body: JsonObject,
): { authorization: AuthorizationRequest; pending: PendingId; user: StoredUser; id: string } | null {
  const authorization = acceptAuthorizationRequest(context, reply, body);
  if (!authorization) return null;
  const id = typeof body.twoFactorId === 'string' ? body.twoFactorId : '';
  const pending = findPendingId(context, 'two-factor', id);
  const user = pending && findUser(context, pending.userId);
  if (
    !pending ||
    !user ||
    pending.data.stepUp === true ||
    pending.data.applicationId !== authorization.application.id
  ) {
    showLogin(context, reply, { request: authorization, error: PAGE_MESSAGES.twoFactorTimeout });
    return null;
  }
  return { authorization, pending, user, id };
}

/** After the password (and the code, when asked): the code page, a refusal, or a code back to the client. */
export function continueSignIn(
  context: DevServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  authorization: AuthorizationRequest,
  outcome: LoginOutcome,
  loginId: string,
): FastifyReply {
  if (outcome.kind === 'two-factor') {
    const pending = issuePendingId(context, 'two-factor', outcome.user, {
      applicationId: authorization.application.id,
    });
    return sendAuthorizationPage(
      context,
      reply,
      authorization,
      twoFactorPage({ request: authorization, twoFactorId: pending.id }),
    );
  }
  if (outcome.kind === 'change-password') {
    const pending = issuePendingId(
      context,
      'change-password',
      outcome.user,
      { viaEmail: false, applicationId: authorization.application.id },
      true,
    );
    return sendAuthorizationPage(
      context,
      reply,
      authorization,
      changePasswordPage({
        request: authorization,
        changePasswordId: pending.id,
        error: PAGE_MESSAGES.passwordChangeRequired,
        rules: passwordLengthRules(findTenant(context, outcome.user.tenantId)),
      }),
    );
  }
  if (outcome.kind !== 'ok' && outcome.kind !== 'not-registered') {
    return showLogin(context, reply, { request: authorization, loginId, error: REFUSALS[outcome.kind] });
  }
  if (mustRegisterFirst(authorization.application, outcome.user)) {
    return sendAuthorizationPage(context, reply, authorization, registrationRequiredPage());
  }
  recordLogin(context, outcome.user, outcome.kind === 'ok' ? outcome.registration : undefined, {
    applicationId: authorization.application.id,
    authenticationType: 'PASSWORD',
    ipAddress: request.ip,
  });
  const sso = startSsoSession(context, request, reply, outcome.user);
  return redirectWithCode(context, reply, authorization, sso, outcome.user, 'PASSWORD');
}

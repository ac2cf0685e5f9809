/**
 * FusionAuth's hosted password pages (https://fusionauth.io/docs/customize/look-and-feel/):
 * `GET|POST /password/forgot` starts the forgot-password workflow (the tenant's or application's
 * forgot-password email, as the Forgot Password API sends it) and says the message is sent;
 * `GET /password/change/{changePasswordId}` shows the new-password form and `POST /password/change`
 * sets it. The same form finishes a hosted sign-in whose password must change (the Login API's 203):
 * then the sign-in continues with a code back to the client.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { checkLoginPolicies } from '../domain/authenticate.ts';
import { findUser, findUserByLoginId } from '../domain/lookup.ts';
import { changeUserPassword, startForgotPassword } from '../domain/password-change.ts';
import { checkPasswordRules, passwordLengthRules } from '../domain/password-rules.ts';
import { consumePendingId, findPendingId } from '../domain/pending-ids.ts';
import { findTenant } from '../domain/tenants.ts';
import { themeFor } from '../domain/themes.ts';
import { themeTextFor } from './theme-text.ts';
import { bodyObject } from '../http/body.ts';
import { ErrorCollector } from '../http/errors.ts';
import type { JsonObject, PendingId, StoredUser } from '../state/model.ts';
import { authorizationQuery, parseAuthorizationRequest, type AuthorizationRequest } from './authorization-request.ts';
import { continueSignIn, sendAuthorizationPage, showLogin } from './authorize.ts';
import { hostedBackendCallbackUrl } from './clients.ts';
import { changePasswordPage, type ChangePasswordPageModel } from './change-password-page.ts';
import { forgotPasswordPage } from './forgot-password-page.ts';
import { sendHostedPage, type ThemedView } from './hosted-page.ts';
import { forgotPasswordSentPage, passwordUpdatedPage } from './message-pages.ts';
import { PAGE_MESSAGES, themeFieldErrors, themeMessage } from './theme-messages.ts';

/** The authorization request a password page carries, when it carries a valid one (a hosted-backend login's too). */
function optionalAuthorization(
  context: DevServerContext,
  request: FastifyRequest,
  params: JsonObject,
): AuthorizationRequest | undefined {
  const parsed = parseAuthorizationRequest(context, params, hostedBackendCallbackUrl(request));
  return parsed.kind === 'ok' ? parsed.request : undefined;
}

function send(
  context: DevServerContext,
  reply: FastifyReply,
  authorization: AuthorizationRequest | undefined,
  view: ThemedView,
  user?: StoredUser,
): FastifyReply {
  if (authorization) return sendAuthorizationPage(context, reply, authorization, view);
  const tenant = user ? findTenant(context, user.tenantId) : undefined;
  const theme = themeFor(context, undefined, tenant);
  return sendHostedPage(reply, view, {
    ...(theme?.stylesheet ? { themeStylesheet: theme.stylesheet } : {}),
    messages: themeTextFor(theme, reply.request.headers['accept-language']),
  });
}

function text(body: JsonObject, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

/** Registers the forgot-password and change-password pages. */
export function registerPasswordRoutes(app: FastifyInstance, context: DevServerContext): void {
  app.get('/password/forgot', async (request: FastifyRequest<{ Querystring: JsonObject }>, reply) => {
    const authorization = optionalAuthorization(context, request, request.query);
    return send(context, reply, authorization, forgotPasswordPage({ request: authorization }));
  });

  app.post('/password/forgot', async (request, reply) => {
    const body = bodyObject(request.body);
    const authorization = optionalAuthorization(context, request, body);
    const loginId = text(body, 'loginId').trim();
    if (loginId === '') {
      return send(
        context,
        reply,
        authorization,
        forgotPasswordPage({
          request: authorization,
          fieldErrors: { loginId: themeMessage('[blank]loginId', 'loginId', 'Required') },
        }),
      );
    }
    const application = authorization?.application;
    const user = findUserByLoginId(context, application?.tenantId, loginId);
    if (!user || !user.active || !user.email) {
      return send(
        context,
        reply,
        authorization,
        forgotPasswordPage({ request: authorization, loginId, error: PAGE_MESSAGES.invalidEmail }),
      );
    }
    const pending = startForgotPassword(context, user, application, true, undefined);
    if (pending === 'no-template') {
      return send(
        context,
        reply,
        authorization,
        forgotPasswordPage({ request: authorization, loginId, error: PAGE_MESSAGES.forgotPasswordDisabled }),
      );
    }
    const loginAgain = authorization ? `/oauth2/authorize?${authorizationQuery(authorization)}` : undefined;
    return send(context, reply, authorization, forgotPasswordSentPage(loginId, loginAgain), user);
  });

  app.get(
    '/password/change/:changePasswordId',
    async (request: FastifyRequest<{ Params: { changePasswordId: string }; Querystring: JsonObject }>, reply) => {
      const authorization = optionalAuthorization(context, request, request.query);
      const { changePasswordId } = request.params;
      const pending = findPendingId(context, 'change-password', changePasswordId);
      const user = pending && findUser(context, pending.userId);
      if (!pending || !user) return expired(context, reply, authorization);
      return send(
        context,
        reply,
        authorization,
        changePasswordPage(pageModel(context, user, pending.id, authorization)),
        user,
      );
    },
  );

  app.post('/password/change', async (request, reply) => {
    const body = bodyObject(request.body);
    const authorization = optionalAuthorization(context, request, body);
    const pending = findPendingId(context, 'change-password', text(body, 'changePasswordId'));
    const user = pending && findUser(context, pending.userId);
    if (!pending || !user || pending.data.stepUp === true) return expired(context, reply, authorization);
    const signIn = isSignInStep(pending, authorization);
    const fieldErrors = checkNewPassword(context, user, text(body, 'password'), text(body, 'passwordConfirm'));
    if (fieldErrors) {
      return send(
        context,
        reply,
        authorization,
        changePasswordPage({ ...pageModel(context, user, pending.id, authorization), fieldErrors }),
        user,
      );
    }
    const viaEmail = pending.data.viaEmail === true;
    if (!(await changeUserPassword(context, user, text(body, 'password'), { viaEmail })))
      return expired(context, reply, authorization);
    consumePendingId(context, pending);
    if (signIn && authorization) {
      // The two-factor step, if any, was passed before the 203 in this same sign-in.
      const outcome = checkLoginPolicies(context, user, authorization.application, { secondFactorDone: true });
      return continueSignIn(context, request, reply, authorization, outcome, user.email ?? '');
    }
    return send(context, reply, authorization, passwordUpdatedPage(), user);
  });
}

/** A change that a hosted sign-in of this same application asked for (not an emailed link). */
function isSignInStep(pending: PendingId, authorization: AuthorizationRequest | undefined): boolean {
  return (
    pending.data.viaEmail !== true &&
    authorization !== undefined &&
    pending.data.applicationId === authorization.application.id
  );
}

function pageModel(
  context: DevServerContext,
  user: StoredUser,
  changePasswordId: string,
  authorization: AuthorizationRequest | undefined,
): ChangePasswordPageModel {
  return {
    changePasswordId,
    rules: passwordLengthRules(findTenant(context, user.tenantId)),
    ...(authorization ? { request: authorization } : {}),
  };
}

/** The theme's field errors for a new password and its confirmation, or null when both are fine. */
function checkNewPassword(
  context: DevServerContext,
  user: StoredUser,
  password: string,
  confirmation: string,
): ChangePasswordPageModel['fieldErrors'] | null {
  const errors = new ErrorCollector();
  if (password === '') errors.field('password', 'blank', 'Required');
  else checkPasswordRules(findTenant(context, user.tenantId), password, 'password', errors);
  if (confirmation === '') errors.field('passwordConfirm', 'blank', 'Required');
  else if (errors.empty && confirmation !== password) errors.field('password', 'notEqual', "Passwords don't match");
  if (errors.empty) return null;
  const messages = themeFieldErrors(errors);
  return {
    ...(messages.password ? { password: messages.password } : {}),
    ...(messages.passwordConfirm ? { passwordConfirm: messages.passwordConfirm } : {}),
  };
}

/** An unknown, used or expired changePasswordId: the login page (in an authorization request) or the forgot page, with FusionAuth's message. */
function expired(
  context: DevServerContext,
  reply: FastifyReply,
  authorization: AuthorizationRequest | undefined,
): FastifyReply {
  if (authorization)
    return showLogin(context, reply, { request: authorization, error: PAGE_MESSAGES.invalidChangePasswordId });
  return send(context, reply, undefined, forgotPasswordPage({ error: PAGE_MESSAGES.invalidChangePasswordId }));
}

/**
 * `GET|POST /oauth2/register`: FusionAuth's hosted self-service registration (https://fusionauth.io/docs/lifecycle/register-users/basic-registration-forms).
 * It takes the authorize parameters, needs `registrationConfiguration.enabled` on the application,
 * creates the user and the registration through the domain layer (the same validation and events as
 * the Registration API), starts the SSO session and continues like authorize with a code — unless the
 * tenant verifies email or the application verifies registrations: then FusionAuth's "Verification required" page.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import {
  announceRegistration,
  draftRegistration,
  newRegistration,
  startVerificationIfNeeded,
} from '../domain/registrations.ts';
import { readUserInput } from '../domain/user-input.ts';
import { draftUser, insertUser, recordLogin } from '../domain/users.ts';
import { bodyObject } from '../http/body.ts';
import { ErrorCollector } from '../http/errors.ts';
import type { JsonObject } from '../state/model.ts';
import { redirectWithCode } from './authorization-response.ts';
import { acceptAuthorizationRequest, sendAuthorizationPage } from './authorize.ts';
import { registrationFieldSetting, selfServiceEnabled } from './clients.ts';
import { errorView, sendHostedPage } from './hosted-page.ts';
import { verificationRequiredPage } from './message-pages.ts';
import { NAME_FIELDS, registerPage, type RegisterField } from './register-page.ts';
import { startSsoSession } from './sso-session.ts';
import { themeFieldErrors } from './theme-messages.ts';

const FIELDS: RegisterField[] = ['user.email', 'user.password', 'user.firstName', 'user.lastName'];

const DISABLED = errorView(
  'Registration is not available',
  'Self-service registration is not enabled for this application.',
);

/** Registers GET and POST /oauth2/register. */
export function registerRegisterRoutes(app: FastifyInstance, context: DevServerContext): void {
  app.get('/oauth2/register', async (request: FastifyRequest<{ Querystring: JsonObject }>, reply) => {
    const authorization = acceptAuthorizationRequest(context, reply, request.query);
    if (!authorization) return reply;
    if (!selfServiceEnabled(authorization.application)) return sendHostedPage(reply, DISABLED, { status: 400 });
    return sendAuthorizationPage(context, reply, authorization, registerPage({ request: authorization }));
  });

  app.post('/oauth2/register', async (request, reply) => {
    const body = bodyObject(request.body);
    const authorization = acceptAuthorizationRequest(context, reply, body);
    if (!authorization) return reply;
    const application = authorization.application;
    if (!selfServiceEnabled(application)) return sendHostedPage(reply, DISABLED, { status: 400 });
    const values: Partial<Record<RegisterField, string>> = {};
    for (const name of FIELDS) {
      const value = body[name];
      if (typeof value === 'string') values[name] = name === 'user.password' ? value : value.trim();
    }
    const errors = new ErrorCollector();
    const input = readUserInput({
      email: values['user.email'] ?? '',
      password: values['user.password'] ?? '',
      firstName: values['user.firstName'] || null,
      lastName: values['user.lastName'] || null,
    });
    for (const { field, setting } of NAME_FIELDS) {
      if (registrationFieldSetting(application, setting).required && !values[field])
        errors.field(field, 'blank', `You must specify the [${field}] property.`);
    }
    const registrationDraft = draftRegistration(
      context,
      application.tenantId,
      { applicationId: application.id },
      errors,
    );
    const userDraft = draftUser(context, application.tenantId, input, { passwordRequired: true }, errors);
    if (!userDraft || !registrationDraft) {
      userDraft?.release();
      const { fieldErrors, error } = pageErrors(errors);
      return sendAuthorizationPage(
        context,
        reply,
        authorization,
        registerPage({ request: authorization, values, fieldErrors, error }),
      );
    }
    const registration = newRegistration(context, registrationDraft);
    // Self-service registration verifies the address when the tenant does (the email goes out in insertUser).
    const user = await insertUser(context, userDraft, [registration], { skipVerification: false, application });
    announceRegistration(context, user, registration);
    startVerificationIfNeeded(context, user, registration);
    const toVerify = !user.verified ? 'email' : !registration.verified ? 'registration' : null;
    if (toVerify) return sendAuthorizationPage(context, reply, authorization, verificationRequiredPage(toVerify));
    // The registration signs the person in, as a login would: lastLoginInstant and user.login.success.
    recordLogin(context, user, registration, {
      applicationId: application.id,
      authenticationType: 'REGISTRATION',
      ipAddress: request.ip,
    });
    const sso = startSsoSession(context, request, reply, user);
    return redirectWithCode(context, reply, authorization, sso, user, 'REGISTRATION');
  });
}

/** Field errors go next to their fields (a username error is about the same missing login id); the rest above the form. */
function pageErrors(errors: ErrorCollector): { fieldErrors: Partial<Record<RegisterField, string>>; error?: string } {
  const collected = errors.toErrors();
  const fieldErrors: Partial<Record<RegisterField, string>> = {};
  const other: string[] = (collected.generalErrors ?? []).map((entry) => entry.message);
  for (const [name, message] of Object.entries(themeFieldErrors(errors))) {
    if (name === 'user.username') continue;
    if ((FIELDS as string[]).includes(name)) fieldErrors[name as RegisterField] = message;
    else other.push(message);
  }
  return { fieldErrors, ...(other.length > 0 ? { error: other.join(' ') } : {}) };
}

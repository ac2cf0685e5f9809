/**
 * Login API: `POST /api/login` (https://fusionauth.io/docs/apis/login), with a login id and password or a
 * `oneTimePassword`. Statuses come from `LOGIN_STATUS`; 404, 410 and 423 have empty bodies. 202 (not
 * registered) carries a token without applicationId/roles and no refresh token; `noJWT` leaves the
 * tokens out; 203, 212 and 242 are answered in login-response.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findApplication } from '../domain/applications.ts';
import { authenticate, checkLoginPolicies, type LoginOutcome } from '../domain/authenticate.ts';
import { findUser, INVALID_LOGIN_ID_TYPES_MESSAGE, isUuid, readLoginIdTypes } from '../domain/lookup.ts';
import { consumePendingId, findPendingId } from '../domain/pending-ids.ts';
import { loginRequiresApiKey } from '../domain/settings.ts';
import { apiKeyOf, tenantFilterOf, tenantForCreate, tenantScopeOf } from '../http/auth.ts';
import { bodyObject } from '../http/body.ts';
import { ErrorCollector, sendEmpty, sendErrors } from '../http/errors.ts';
import type { StoredApplication } from '../state/model.ts';
import { sendLoginOutcome } from './login-response.ts';

/** Registers POST /api/login. */
export function registerLoginRoutes(app: FastifyInstance, context: DevServerContext): void {
  app.post('/api/login', async (request, reply) => {
    const body = bodyObject(request.body);
    const applicationId =
      typeof body.applicationId === 'string' && body.applicationId !== '' ? body.applicationId : undefined;
    const application = applicationId && isUuid(applicationId) ? findApplication(context, applicationId) : undefined;
    const scope = tenantScopeOf(context, request);
    const tenant = scope.kind === 'tenant' ? scope.tenant : undefined;
    if (loginRequiresApiKey(tenant, application) && !apiKeyOf(context, request)) return sendEmpty(reply, 401);

    const oneTimePassword =
      typeof body.oneTimePassword === 'string' && body.oneTimePassword !== '' ? body.oneTimePassword : undefined;
    const errors = new ErrorCollector();
    const loginId = typeof body.loginId === 'string' ? body.loginId.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (loginId === '' && !oneTimePassword)
      errors.field('loginId', 'blank', 'You must specify the [loginId] property.');
    if (password === '' && !oneTimePassword)
      errors.field('password', 'blank', 'You must specify the [password] property.');
    const loginIdTypes = readLoginIdTypes(body.loginIdTypes);
    if (!loginIdTypes) errors.field('loginIdTypes', 'invalid', INVALID_LOGIN_ID_TYPES_MESSAGE);
    if (applicationId && !application) {
      errors.field(
        'applicationId',
        'invalid',
        `The [applicationId] property [${applicationId}] is not a valid Application Id.`,
      );
    }
    if (!errors.empty) return sendErrors(reply, errors.toErrors());
    if (!application && scope.kind !== 'tenant') {
      const resolved = tenantForCreate(scope);
      if ('errors' in resolved) return sendErrors(reply, resolved.errors);
    }

    const outcome = oneTimePassword
      ? authenticateWithOneTimePassword(context, oneTimePassword, application)
      : await authenticate(context, {
          loginId,
          password,
          tenantId: tenantFilterOf(scope),
          application,
          ...(loginIdTypes ? { loginIdTypes } : {}),
        });
    return sendLoginOutcome(context, reply, outcome, {
      noJWT: body.noJWT === true,
      ipAddress: typeof body.ipAddress === 'string' ? body.ipAddress : request.ip,
      metaData: bodyObject(body.metaData),
      authenticationType: oneTimePassword ? 'ONE_TIME_PASSWORD' : 'PASSWORD',
    });
  });
}

/**
 * A `oneTimePassword` from the Change Password API stands in for the login id and password, once
 * (https://fusionauth.io/docs/apis/users/change-password). The person has just proved who they are, so no second factor
 * is asked again.
 */
function authenticateWithOneTimePassword(
  context: DevServerContext,
  value: string,
  application: StoredApplication | undefined,
): LoginOutcome {
  const pending = findPendingId(context, 'one-time-password', value);
  const user = pending ? findUser(context, pending.userId) : undefined;
  if (!pending || !user) return { kind: 'not-found' };
  consumePendingId(context, pending);
  if (!user.active) return { kind: 'locked' };
  return checkLoginPolicies(context, user, application, { secondFactorDone: true });
}

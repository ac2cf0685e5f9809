/**
 * Login API: `POST /api/login` [DOC apis/login.mdx]. Statuses come from `LOGIN_STATUS`; 404, 410 and
 * 423 have empty bodies. 202 (not registered) carries a token without applicationId/roles and no
 * refresh token; `noJWT` leaves the tokens out.
 */
import type { FastifyInstance } from 'fastify';
import { stateOf, type DevServerContext } from '../context.ts';
import { authenticate, LOGIN_STATUS } from '../domain/authenticate.ts';
import { isUuid } from '../domain/lookup.ts';
import { loginRequiresApiKey } from '../domain/settings.ts';
import { grantTokens } from '../domain/token-grants.ts';
import { recordLogin } from '../domain/users.ts';
import { userView } from '../domain/views.ts';
import { apiKeyOf, tenantFilterOf, tenantForCreate, tenantScopeOf } from '../http/auth.ts';
import { bodyObject } from '../http/body.ts';
import { setTokenCookies } from '../http/cookies.ts';
import { ErrorCollector, sendEmpty, sendErrors } from '../http/errors.ts';
import type { JsonObject } from '../state/model.ts';

/** Registers POST /api/login. */
export function registerLoginRoutes(app: FastifyInstance, context: DevServerContext): void {
  app.post('/api/login', async (request, reply) => {
    const body = bodyObject(request.body);
    const applicationId = typeof body.applicationId === 'string' && body.applicationId !== '' ? body.applicationId : undefined;
    const application = applicationId && isUuid(applicationId) ? stateOf(context).applications[applicationId] : undefined;
    const scope = tenantScopeOf(context, request);
    const tenant = scope.kind === 'tenant' ? scope.tenant : undefined;
    if (loginRequiresApiKey(tenant, application) && !apiKeyOf(context, request)) return sendEmpty(reply, 401);

    const errors = new ErrorCollector();
    const loginId = typeof body.loginId === 'string' ? body.loginId.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (loginId === '') errors.field('loginId', 'blank', 'You must specify the [loginId] property.');
    if (password === '') errors.field('password', 'blank', 'You must specify the [password] property.');
    if (applicationId && !application) {
      errors.field('applicationId', 'invalid', `The [applicationId] property [${applicationId}] is not a valid Application Id.`);
    }
    if (!errors.empty) return sendErrors(reply, errors.toErrors());
    if (!application && scope.kind !== 'tenant') {
      const resolved = tenantForCreate(scope);
      if ('errors' in resolved) return sendErrors(reply, resolved.errors);
    }

    const outcome = await authenticate(context, { loginId, password, tenantId: tenantFilterOf(scope), application });
    const status = LOGIN_STATUS[outcome.kind];
    if (outcome.kind !== 'ok' && outcome.kind !== 'not-registered') return sendEmpty(reply, status);

    const registration = outcome.kind === 'ok' ? outcome.registration : undefined;
    recordLogin(context, outcome.user, registration, {
      applicationId: application?.id, authenticationType: 'PASSWORD', ipAddress: typeof body.ipAddress === 'string' ? body.ipAddress : request.ip,
    });
    const response: JsonObject = {};
    if (body.noJWT !== true) {
      const grant = await grantTokens(context, {
        user: outcome.user, application, registration, authenticationType: 'PASSWORD',
        metaData: bodyObject(body.metaData),
      });
      Object.assign(response, grant);
      setTokenCookies(reply, grant);
    }
    response.user = userView(outcome.user);
    return reply.code(status).send(response);
  });
}

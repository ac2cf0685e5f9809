/**
 * `POST /api/webauthn/start` (https://fusionauth.io/docs/apis/webauthn/start-a-webauthn-passkey-assertion-or-authentication):
 * request options for one user, named by `userId` or `loginId`, for an application, and the workflow checks the
 * registration start shares.
 */
import type { FastifyInstance } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findApplication } from '../domain/applications.ts';
import { findUser, findUserByLoginId, isUuid } from '../domain/lookup.ts';
import { findTenant } from '../domain/tenants.ts';
import { startAssertion } from '../domain/webauthn-assertion.ts';
import { credentialsOfUser } from '../domain/webauthn-credentials.ts';
import {
  WEBAUTHN_WORKFLOWS,
  webAuthnEnabled,
  workflowSettings,
  type WebAuthnWorkflow,
} from '../domain/webauthn-settings.ts';
import { requireApiKey } from '../http/auth.ts';
import { bodyObject, displayText } from '../http/body.ts';
import { ErrorCollector, sendEmpty, sendErrors } from '../http/errors.ts';
import type { StoredApplication, StoredTenant } from '../state/model.ts';

/**
 * The request's `workflow` when it is one of `allowed` and enabled for the tenant (and application), else
 * undefined with the error collected: `[blank]`, `[invalid]` or `[disabled]workflow`.
 */
export function checkWorkflow(
  errors: ErrorCollector,
  value: unknown,
  tenant: StoredTenant | undefined,
  allowed: readonly WebAuthnWorkflow[],
  application?: StoredApplication,
): WebAuthnWorkflow | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    errors.field('workflow', 'blank', 'You must specify the [workflow] property.');
    return undefined;
  }
  const workflow = WEBAUTHN_WORKFLOWS.find((candidate) => candidate === value);
  if (!workflow || !allowed.includes(workflow)) {
    errors.field(
      'workflow',
      'invalid',
      `The [workflow] property [${value}] is not valid here. Valid values are ${allowed.join(', ')}.`,
    );
    return undefined;
  }
  if (tenant && (!webAuthnEnabled(tenant) || !workflowSettings(tenant, workflow, application).enabled)) {
    errors.field(
      'workflow',
      'disabled',
      `The [${workflow}] WebAuthn workflow is disabled for this tenant or application.`,
    );
    return undefined;
  }
  return workflow;
}

/** Registers POST /api/webauthn/start. */
export function registerWebAuthnStartRoute(app: FastifyInstance, context: DevServerContext): void {
  app.post('/api/webauthn/start', { onRequest: requireApiKey(context) }, async (request, reply) => {
    const body = bodyObject(request.body);
    const errors = new ErrorCollector();
    const loginId = typeof body.loginId === 'string' ? body.loginId.trim() : '';
    if (loginId === '' && (body.userId === undefined || body.userId === null)) {
      errors.field('userId', 'missing', 'You must specify either the [userId] or the [loginId] property.');
    }
    const application = isUuid(body.applicationId) ? findApplication(context, body.applicationId) : undefined;
    if (body.applicationId === undefined || body.applicationId === null) {
      errors.field('applicationId', 'missing', 'You must specify the [applicationId] property.');
    } else if (!application) {
      errors.field(
        'applicationId',
        'invalid',
        `The [applicationId] property [${displayText(body.applicationId)}] is not a valid Application Id.`,
      );
    }
    const tenant = application ? findTenant(context, application.tenantId) : undefined;
    const workflow = checkWorkflow(errors, body.workflow, tenant, ['bootstrap', 'reauthentication'], application);
    const user = isUuid(body.userId)
      ? findUser(context, body.userId)
      : loginId !== ''
        ? findUserByLoginId(context, tenant?.id, loginId)
        : undefined;
    const credentials = user ? credentialsOfUser(context, user.id) : [];
    const chosen = isUuid(body.credentialId)
      ? credentials.filter((credential) => credential.id === body.credentialId)
      : credentials;
    if (body.credentialId !== undefined && body.credentialId !== null && user && chosen.length !== 1) {
      errors.field(
        'credentialId',
        'invalid',
        `The [credentialId] property [${displayText(body.credentialId)}] is not one of the user's passkeys.`,
      );
    }
    if (!errors.empty || !workflow || !application || !tenant) return sendErrors(reply, errors.toErrors());
    if (!user || user.tenantId !== tenant.id) return sendEmpty(reply, 404);
    const stateData = bodyObject(body.state);
    const options = startAssertion(context, {
      tenant,
      application,
      user,
      credentials: chosen,
      workflow,
      ...(Object.keys(stateData).length > 0 ? { state: stateData } : {}),
    });
    return reply.send({ options });
  });
}

/**
 * WebAuthn ceremonies (https://fusionauth.io/docs/apis/webauthn): `POST /api/webauthn/register/start` and
 * `/register/complete`, `POST /api/webauthn/start`, then `/login` (answered like the Login API, through
 * login-response.ts) or `/assert` (the passkey, no login). The starts take an API key; the completions none, as
 * the browser's answer is the proof.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { checkLoginPolicies, type LoginOutcome } from '../domain/authenticate.ts';
import { findUser, isUuid } from '../domain/lookup.ts';
import { findTenant } from '../domain/tenants.ts';
import { completeAssertion, type VerifiedAssertion } from '../domain/webauthn-assertion.ts';
import type { CeremonyFailure } from '../domain/webauthn-ceremony.ts';
import { credentialView } from '../domain/webauthn-credentials.ts';
import { completeRegistration, startRegistration } from '../domain/webauthn-registration.ts';
import { requireApiKey } from '../http/auth.ts';
import { bodyObject } from '../http/body.ts';
import { ErrorCollector, sendEmpty, sendErrors } from '../http/errors.ts';
import type { JsonObject, StoredUser } from '../state/model.ts';
import { sendLoginOutcome } from './login-response.ts';
import { checkWorkflow, registerWebAuthnStartRoute } from './webauthn-start.ts';

/** The JWT `authenticationType` of a passkey login (not confirmed against FusionAuth). */
const PASSKEY_AUTHENTICATION = 'PASSKEY';

/** Registers the ceremony routes. */
export function registerWebAuthnRoutes(app: FastifyInstance, context: DevServerContext): void {
  const apiKey = { onRequest: requireApiKey(context) };

  app.post('/api/webauthn/register/start', apiKey, async (request, reply) => {
    const body = bodyObject(request.body);
    const errors = new ErrorCollector();
    const displayName = typeof body.displayName === 'string' ? body.displayName.trim() : '';
    if (displayName === '') errors.field('displayName', 'blank', 'You must specify the [displayName] property.');
    if (body.userId === undefined || body.userId === null)
      errors.field('userId', 'missing', 'You must specify the [userId] property.');
    const user = userOf(context, body.userId);
    const tenant = user ? findTenant(context, user.tenantId) : undefined;
    const workflow = checkWorkflow(errors, body.workflow, tenant, ['bootstrap', 'general', 'reauthentication']);
    if (!errors.empty || !workflow) return sendErrors(reply, errors.toErrors());
    if (!user || !tenant) return sendEmpty(reply, 404);
    const options = startRegistration(context, tenant, user, {
      workflow,
      displayName,
      ...(typeof body.name === 'string' && body.name.trim() !== '' ? { name: body.name.trim() } : {}),
      ...(typeof body.userAgent === 'string' ? { userAgent: body.userAgent } : {}),
    });
    return reply.send({ options });
  });

  app.post('/api/webauthn/register/complete', async (request, reply) => {
    const body = bodyObject(request.body);
    const errors = new ErrorCollector();
    if (body.userId === undefined || body.userId === null)
      errors.field('userId', 'missing', 'You must specify the [userId] property.');
    if (Object.keys(bodyObject(body.credential)).length === 0)
      errors.field('credential', 'missing', 'You must specify the [credential] property.');
    if (!errors.empty) return sendErrors(reply, errors.toErrors());
    const user = userOf(context, body.userId);
    const tenant = user ? findTenant(context, user.tenantId) : undefined;
    if (!user || !tenant) return sendEmpty(reply, 404);
    const result = await completeRegistration(context, tenant, user, bodyObject(body.credential));
    return result.kind === 'ok'
      ? reply.send({ credential: credentialView(result.credential) })
      : sendFailure(reply, result);
  });

  registerWebAuthnStartRoute(app, context);

  app.post('/api/webauthn/login', async (request, reply) => {
    const body = bodyObject(request.body);
    const result = await verifyAssertionBody(context, body, reply);
    if (!result) return reply;
    return sendLoginOutcome(context, reply, loginOutcomeOf(context, result), {
      noJWT: body.noJWT === true,
      ipAddress: typeof body.ipAddress === 'string' ? body.ipAddress : request.ip,
      metaData: bodyObject(body.metaData),
      authenticationType: PASSKEY_AUTHENTICATION,
      ...(result.state ? { extra: { state: result.state } } : {}),
    });
  });

  app.post('/api/webauthn/assert', async (request, reply) => {
    const result = await verifyAssertionBody(context, bodyObject(request.body), reply);
    return result ? reply.send({ credential: credentialView(result.credential) }) : reply;
  });
}

/** Verifies the body's `credential`; null once the refusal has been sent. */
async function verifyAssertionBody(
  context: DevServerContext,
  body: JsonObject,
  reply: FastifyReply,
): Promise<VerifiedAssertion | null> {
  const credential = bodyObject(body.credential);
  if (Object.keys(credential).length === 0) {
    sendErrors(
      reply,
      new ErrorCollector().field('credential', 'missing', 'You must specify the [credential] property.').toErrors(),
    );
    return null;
  }
  const result = await completeAssertion(context, credential);
  if (result.kind === 'ok') return result;
  sendFailure(reply, result);
  return null;
}

/** The Login API's decision after a verified passkey: it stands in for the password, nothing else is skipped. */
function loginOutcomeOf(context: DevServerContext, result: VerifiedAssertion): LoginOutcome {
  if (!result.user.active) return { kind: 'locked' };
  const expiry = result.user.profile.expiry;
  if (typeof expiry === 'number' && expiry <= context.now()) return { kind: 'expired' };
  return checkLoginPolicies(context, result.user, result.application);
}

function sendFailure(reply: FastifyReply, failure: CeremonyFailure): FastifyReply {
  return failure.kind === 'invalid' ? sendErrors(reply, failure.errors) : sendEmpty(reply, 404);
}

function userOf(context: DevServerContext, userId: unknown): StoredUser | undefined {
  return isUuid(userId) ? findUser(context, userId) : undefined;
}

/**
 * Registration API (https://fusionauth.io/docs/apis/registrations): the combined user + registration create, the
 * registration of an existing user, and retrieve / update (PUT, PATCH) / delete. Creates answer with
 * a REGISTRATION access token, and a refresh token when the application generates them.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findApplication } from '../domain/applications.ts';
import {
  addRegistration,
  announceRegistration,
  deleteRegistration,
  draftRegistration,
  newRegistration,
  registrationFor,
  startVerificationIfNeeded,
  updateRegistration,
} from '../domain/registrations.ts';
import { grantTokens } from '../domain/token-grants.ts';
import { readUserInput } from '../domain/user-input.ts';
import { draftUser, insertUser } from '../domain/users.ts';
import { registrationView, userView } from '../domain/views.ts';
import { requireApiKey, tenantForCreate, tenantScopeOf } from '../http/auth.ts';
import { bodyObject, bodyPart } from '../http/body.ts';
import { setTokenCookies } from '../http/cookies.ts';
import { ErrorCollector, fieldError, sendEmpty, sendErrors } from '../http/errors.ts';
import { checkUuidParam, userParam } from '../http/params.ts';
import { applyPatch } from '../http/patch.ts';
import type { JsonObject, Registration, StoredUser } from '../state/model.ts';

interface RegistrationGeneric {
  Params: { userId?: string; applicationId?: string };
}
type RegistrationRoute = FastifyRequest<RegistrationGeneric>;

const MISSING_REGISTRATION = 'Your request is missing the Registration information as JSON in the entity-body.';

/** Registers the Registration API routes. */
export function registerRegistrationRoutes(app: FastifyInstance, context: DevServerContext): void {
  const apiKey = { onRequest: requireApiKey(context) };
  const create = (request: RegistrationRoute, reply: FastifyReply) =>
    bodyPart(request.body, 'user')
      ? createCombined(context, request, reply)
      : registerExisting(context, request, reply);
  app.post<RegistrationGeneric>('/api/user/registration', apiKey, create);
  app.post<RegistrationGeneric>('/api/user/registration/:userId', apiKey, create);

  app.get('/api/user/registration/:userId/:applicationId', apiKey, async (request: RegistrationRoute, reply) => {
    const found = findRegistration(context, reply, request.params.userId ?? '', request.params.applicationId);
    return found ? reply.send({ registration: registrationView(found.registration) }) : reply;
  });

  const update = (patch: boolean) => async (request: RegistrationRoute, reply: FastifyReply) => {
    const sent = bodyPart(request.body, 'registration') ?? {};
    const applicationId =
      request.params.applicationId ?? (typeof sent.applicationId === 'string' ? sent.applicationId : undefined);
    const found = findRegistration(context, reply, request.params.userId ?? '', applicationId);
    if (!found) return reply;
    const input = patch
      ? (bodyPart(
          applyPatch(request, { registration: registrationView(found.registration) }, bodyObject(request.body)),
          'registration',
        ) ?? {})
      : sent;
    const errors = new ErrorCollector();
    const draft = draftRegistration(
      context,
      found.user.tenantId,
      { ...input, applicationId: found.registration.applicationId },
      errors,
      false,
    );
    if (!draft) return sendErrors(reply, errors.toErrors());
    return reply.send({
      registration: registrationView(updateRegistration(context, found.user, found.registration, draft)),
    });
  };
  for (const path of ['/api/user/registration/:userId', '/api/user/registration/:userId/:applicationId']) {
    app.put<RegistrationGeneric>(path, apiKey, update(false));
    app.patch<RegistrationGeneric>(path, apiKey, update(true));
  }

  app.delete('/api/user/registration/:userId/:applicationId', apiKey, async (request: RegistrationRoute, reply) => {
    const found = findRegistration(context, reply, request.params.userId ?? '', request.params.applicationId);
    if (!found) return reply;
    deleteRegistration(context, found.user, found.registration);
    return sendEmpty(reply, 200);
  });
}

function findRegistration(
  context: DevServerContext,
  reply: FastifyReply,
  userId: string,
  applicationId: string | undefined,
): { user: StoredUser; registration: Registration } | null {
  const user = userParam(context, reply, userId);
  if (!user) return null;
  if (!applicationId) {
    sendErrors(
      reply,
      fieldError('registration.applicationId', 'blank', 'You must specify the [registration.applicationId] property.'),
    );
    return null;
  }
  if (!checkUuidParam(reply, 'applicationId', applicationId)) return null;
  const registration = registrationFor(user, applicationId);
  if (!registration) sendEmpty(reply, 404);
  return registration ? { user, registration } : null;
}

/** POST with a `user`: validates user and registration together, so every error comes back at once. */
async function createCombined(context: DevServerContext, request: RegistrationRoute, reply: FastifyReply) {
  const resolved = tenantForCreate(tenantScopeOf(context, request));
  if ('errors' in resolved) return sendErrors(reply, resolved.errors);
  const tenantId = resolved.tenant.id;
  const errors = new ErrorCollector();
  const registrationInput = bodyPart(request.body, 'registration');
  if (!registrationInput) errors.field('registration', 'missing', MISSING_REGISTRATION);
  const registrationDraft = registrationInput ? draftRegistration(context, tenantId, registrationInput, errors) : null;
  const passwordRequired = bodyObject(request.body).sendSetPasswordEmail !== true;
  const userInput = readUserInput(bodyPart(request.body, 'user') ?? {});
  const userDraft = draftUser(context, tenantId, userInput, { id: request.params.userId, passwordRequired }, errors);
  if (!userDraft || !registrationDraft) {
    userDraft?.release();
    return sendErrors(reply, errors.toErrors());
  }
  const body = bodyObject(request.body);
  const registration = newRegistration(context, registrationDraft, {
    skipVerification: body.skipRegistrationVerification === true,
  });
  const user = await insertUser(context, userDraft, [registration], {
    skipVerification: body.skipVerification === true,
    application: findApplication(context, registration.applicationId),
  });
  announceRegistration(context, user, registration);
  startVerificationIfNeeded(context, user, registration);
  return respond(context, reply, user, registration);
}

/** POST without a `user`: registers the existing user in the path. */
async function registerExisting(context: DevServerContext, request: RegistrationRoute, reply: FastifyReply) {
  if (!request.params.userId) {
    return sendErrors(
      reply,
      fieldError('user', 'missing', 'Your request is missing the User information as JSON in the entity-body.'),
    );
  }
  const user = userParam(context, reply, request.params.userId);
  if (!user) return reply;
  const input = bodyPart(request.body, 'registration');
  if (!input) return sendErrors(reply, fieldError('registration', 'missing', MISSING_REGISTRATION));
  const errors = new ErrorCollector();
  const draft = draftRegistration(context, user.tenantId, input, errors);
  if (draft && registrationFor(user, draft.application.id)) {
    errors.field(
      'registration',
      'duplicate',
      `The User is already registered for the Application with Id [${draft.application.id}].`,
    );
  }
  if (!draft || !errors.empty) return sendErrors(reply, errors.toErrors());
  const skipVerification = bodyObject(request.body).skipRegistrationVerification === true;
  return respond(context, reply, user, addRegistration(context, user, draft, { skipVerification }));
}

async function respond(context: DevServerContext, reply: FastifyReply, user: StoredUser, registration: Registration) {
  const application = findApplication(context, registration.applicationId);
  const grant = await grantTokens(context, { user, application, registration, authenticationType: 'REGISTRATION' });
  setTokenCookies(reply, grant);
  const response: JsonObject = { ...grant, registration: registrationView(registration), user: userView(user, false) };
  return reply.send(response);
}

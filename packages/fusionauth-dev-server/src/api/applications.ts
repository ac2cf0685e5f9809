/**
 * Application API (https://fusionauth.io/docs/apis/applications): create (optionally with an id), retrieve one or all,
 * update (PUT replaces, PATCH merges: this is how `jwtConfiguration.timeToLiveInSeconds` changes),
 * delete (soft unless `hardDelete=true`), `POST /api/application/{id}/role` and `PUT /api/application/{id}/role/{roleId}`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { DevServerContext } from '../context.ts';
import {
  buildApplication,
  deleteApplication,
  findApplication,
  listApplications,
  readRole,
  saveApplication,
  saveRole,
} from '../domain/applications.ts';
import { applicationView } from '../domain/views.ts';
import { requireApiKey, tenantForCreate, tenantScopeOf } from '../http/auth.ts';
import { bodyObject, bodyPart } from '../http/body.ts';
import { checkApplicationReferences } from '../domain/references.ts';
import { ErrorCollector, fieldError, sendEmpty, sendErrors } from '../http/errors.ts';
import { applicationParam, checkUuidParam } from '../http/params.ts';
import { applyPatch } from '../http/patch.ts';
import type { JsonObject, StoredApplication } from '../state/model.ts';

interface ApplicationGeneric {
  Params: { applicationId?: string; roleId?: string };
  Querystring: { hardDelete?: string };
}
type ApplicationRoute = FastifyRequest<ApplicationGeneric>;

const MISSING = fieldError(
  'application',
  'missing',
  'Your request is missing the Application information as JSON in the entity-body.',
);

/** Registers the Application API routes. */
export function registerApplicationRoutes(app: FastifyInstance, context: DevServerContext): void {
  const apiKey = { onRequest: requireApiKey(context) };
  const save = (reply: FastifyReply, id: string, tenantId: string, input: JsonObject, previous?: StoredApplication) => {
    const errors = new ErrorCollector();
    checkApplicationReferences(context, input, errors);
    const application = buildApplication(id, tenantId, input, errors, previous);
    if (!application) return sendErrors(reply, errors.toErrors());
    saveApplication(context, application);
    return reply.send({ application: applicationView(application) });
  };

  const create = async (request: ApplicationRoute, reply: FastifyReply) => {
    const id = request.params.applicationId ?? randomUUID();
    if (!checkUuidParam(reply, 'applicationId', id)) return reply;
    if (findApplication(context, id)) {
      return sendErrors(
        reply,
        fieldError('applicationId', 'duplicate', `An Application with Id [${id}] already exists.`),
      );
    }
    const input = bodyPart(request.body, 'application');
    if (!input) return sendErrors(reply, MISSING);
    const resolved = tenantForCreate(tenantScopeOf(context, request));
    if ('errors' in resolved) return sendErrors(reply, resolved.errors);
    return save(reply, id, resolved.tenant.id, input);
  };
  app.post<ApplicationGeneric>('/api/application', apiKey, create);
  app.post<ApplicationGeneric>('/api/application/:applicationId', apiKey, create);

  app.get('/api/application', apiKey, async (_request, reply) => {
    return reply.send({ applications: listApplications(context).map(applicationView) });
  });
  app.get('/api/application/:applicationId', apiKey, async (request: ApplicationRoute, reply) => {
    const application = applicationParam(context, reply, request.params.applicationId ?? '');
    return application ? reply.send({ application: applicationView(application) }) : reply;
  });

  app.put('/api/application/:applicationId', apiKey, async (request: ApplicationRoute, reply) => {
    const application = applicationParam(context, reply, request.params.applicationId ?? '');
    if (!application) return reply;
    const input = bodyPart(request.body, 'application');
    return input ? save(reply, application.id, application.tenantId, input, application) : sendErrors(reply, MISSING);
  });
  app.patch('/api/application/:applicationId', apiKey, async (request: ApplicationRoute, reply) => {
    const application = applicationParam(context, reply, request.params.applicationId ?? '');
    if (!application) return reply;
    const merged = applyPatch(request, { application: applicationView(application) }, bodyObject(request.body));
    return save(reply, application.id, application.tenantId, bodyPart(merged, 'application') ?? {}, application);
  });

  app.delete('/api/application/:applicationId', apiKey, async (request: ApplicationRoute, reply) => {
    const application = applicationParam(context, reply, request.params.applicationId ?? '');
    if (!application) return reply;
    deleteApplication(context, application, request.query.hardDelete === 'true');
    return sendEmpty(reply, 200);
  });

  app.post('/api/application/:applicationId/role', apiKey, async (request: ApplicationRoute, reply) => {
    const application = applicationParam(context, reply, request.params.applicationId ?? '');
    if (!application) return reply;
    const role = readRole(bodyPart(request.body, 'role') ?? {});
    if (!role) return sendErrors(reply, fieldError('role.name', 'blank', 'You must specify the [role.name] property.'));
    if (application.roles.some((existing) => existing.name === role.name)) {
      return sendErrors(reply, fieldError('role.name', 'duplicate', `A Role with name [${role.name}] already exists.`));
    }
    saveRole(context, application, role);
    return reply.send({ role });
  });

  /** Replaces one role; its id stays, and its name stays unique in the application. */
  app.put('/api/application/:applicationId/role/:roleId', apiKey, async (request: ApplicationRoute, reply) => {
    const application = applicationParam(context, reply, request.params.applicationId ?? '');
    if (!application) return reply;
    const roleId = request.params.roleId ?? '';
    if (!checkUuidParam(reply, 'roleId', roleId)) return reply;
    const index = application.roles.findIndex((existing) => existing.id === roleId);
    if (index < 0) return sendEmpty(reply, 404);
    const role = readRole({ ...(bodyPart(request.body, 'role') ?? {}), id: roleId });
    if (!role) return sendErrors(reply, fieldError('role.name', 'blank', 'You must specify the [role.name] property.'));
    if (application.roles.some((existing) => existing.name === role.name && existing.id !== roleId)) {
      return sendErrors(reply, fieldError('role.name', 'duplicate', `A Role with name [${role.name}] already exists.`));
    }
    saveRole(context, application, role);
    return reply.send({ role });
  });
}

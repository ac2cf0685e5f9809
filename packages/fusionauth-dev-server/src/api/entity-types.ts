/**
 * Entity Type API (https://fusionauth.io/docs/apis/entities/entity-types): create (`POST /api/entity/type[/{id}]`),
 * update (`PUT`), retrieve one or all, delete (with its entities), and the permissions of a type
 * (`POST`/`PUT`/`DELETE /api/entity/type/{id}/permission[/{permissionId}]`). A `jwtConfiguration` with
 * `enabled` names the key and lifetime of the client credentials tokens its entities get.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import {
  deleteEntityType,
  entityTypeView,
  findEntityType,
  listEntityTypes,
  permissionView,
  saveEntityType,
} from '../domain/entities.ts';
import { findKey } from '../domain/keys.ts';
import { objectAt } from '../domain/settings.ts';
import { requireApiKey } from '../http/auth.ts';
import { bodyPart } from '../http/body.ts';
import { ErrorCollector, fieldError, sendEmpty, sendErrors } from '../http/errors.ts';
import { checkUuidParam } from '../http/params.ts';
import type { EntityTypePermission, JsonObject, StoredEntityType } from '../state/model.ts';

interface EntityTypeGeneric {
  Params: { entityTypeId?: string; permissionId?: string };
}
type Route = FastifyRequest<EntityTypeGeneric>;

function checkJwtConfiguration(context: DevServerContext, jwt: JsonObject, errors: ErrorCollector): void {
  if (jwt.enabled !== true) return;
  const prefix = 'entityType.jwtConfiguration';
  const keyId = jwt.accessTokenKeyId;
  if (typeof keyId !== 'string' || keyId === '') {
    errors.field(
      `${prefix}.accessTokenKeyId`,
      'missing',
      `You must specify the [${prefix}.accessTokenKeyId] property.`,
    );
  } else if (!findKey(context, keyId)) {
    errors.field(`${prefix}.accessTokenKeyId`, 'invalid', `The [${prefix}.accessTokenKeyId] does not exist.`);
  }
  if (typeof jwt.timeToLiveInSeconds !== 'number' || jwt.timeToLiveInSeconds <= 0) {
    errors.field(
      `${prefix}.timeToLiveInSeconds`,
      'missing',
      `You must specify the [${prefix}.timeToLiveInSeconds] property.`,
    );
  }
}

/** Registers the Entity Type API routes. */
export function registerEntityTypeRoutes(app: FastifyInstance, context: DevServerContext): void {
  const apiKey = { onRequest: requireApiKey(context) };

  const save = (reply: FastifyReply, id: string, input: JsonObject, previous?: StoredEntityType) => {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    const errors = new ErrorCollector();
    if (name === '') errors.field('entityType.name', 'blank', 'You must specify the [entityType.name] property.');
    if (listEntityTypes(context).some((type) => type.id !== id && type.name === name)) {
      errors.field('entityType.name', 'duplicate', `An Entity Type with name [${name}] already exists.`);
    }
    const jwtConfiguration = { enabled: false, ...objectAt(input, 'jwtConfiguration') };
    checkJwtConfiguration(context, jwtConfiguration, errors);
    if (!errors.empty) return sendErrors(reply, errors.toErrors());
    const now = context.now();
    const entityType: StoredEntityType = {
      id,
      name,
      permissions: previous?.permissions ?? [],
      jwtConfiguration,
      data: objectAt(input, 'data'),
      insertInstant: previous?.insertInstant ?? now,
      lastUpdateInstant: now,
    };
    saveEntityType(context, entityType);
    return reply.send({ entityType: entityTypeView(entityType) });
  };

  const existing = (request: Route, reply: FastifyReply): StoredEntityType | null => {
    const id = request.params.entityTypeId ?? '';
    if (!checkUuidParam(reply, 'entityTypeId', id)) return null;
    const entityType = findEntityType(context, id);
    if (!entityType) sendEmpty(reply, 404);
    return entityType ?? null;
  };

  const missing = fieldError('entityType', 'missing', 'Your request is missing the Entity Type information as JSON.');
  const create = async (request: Route, reply: FastifyReply) => {
    const id = request.params.entityTypeId ?? randomUUID();
    if (!checkUuidParam(reply, 'entityTypeId', id)) return reply;
    if (findEntityType(context, id)) {
      return sendErrors(
        reply,
        fieldError('entityTypeId', 'duplicate', `An Entity Type with Id [${id}] already exists.`),
      );
    }
    const input = bodyPart(request.body, 'entityType');
    return input ? save(reply, id, input) : sendErrors(reply, missing);
  };
  app.post<EntityTypeGeneric>('/api/entity/type', apiKey, create);
  app.post<EntityTypeGeneric>('/api/entity/type/:entityTypeId', apiKey, create);
  app.put<EntityTypeGeneric>('/api/entity/type/:entityTypeId', apiKey, async (request: Route, reply) => {
    const entityType = existing(request, reply);
    if (!entityType) return reply;
    const input = bodyPart(request.body, 'entityType');
    return input ? save(reply, entityType.id, input, entityType) : sendErrors(reply, missing);
  });
  app.get<EntityTypeGeneric>('/api/entity/type', apiKey, async (_request, reply) =>
    reply.send({ entityTypes: listEntityTypes(context).map(entityTypeView) }),
  );
  app.get<EntityTypeGeneric>('/api/entity/type/:entityTypeId', apiKey, async (request: Route, reply) => {
    const entityType = existing(request, reply);
    return entityType ? reply.send({ entityType: entityTypeView(entityType) }) : reply;
  });
  app.delete<EntityTypeGeneric>('/api/entity/type/:entityTypeId', apiKey, async (request: Route, reply) => {
    const entityType = existing(request, reply);
    if (!entityType) return reply;
    deleteEntityType(context, entityType);
    return sendEmpty(reply, 200);
  });
  registerPermissionRoutes(app, context, existing);
}

function registerPermissionRoutes(
  app: FastifyInstance,
  context: DevServerContext,
  existing: (request: Route, reply: FastifyReply) => StoredEntityType | null,
): void {
  const apiKey = { onRequest: requireApiKey(context) };
  const missing = fieldError('permission', 'missing', 'Your request is missing the Permission information as JSON.');

  const save = (request: Route, reply: FastifyReply, update: boolean) => {
    const entityType = existing(request, reply);
    if (!entityType) return reply;
    const id = request.params.permissionId ?? randomUUID();
    if (!checkUuidParam(reply, 'permissionId', id)) return reply;
    const previous = entityType.permissions.find((permission) => permission.id === id);
    if (update && !previous) return sendEmpty(reply, 404);
    if (!update && previous) {
      return sendErrors(reply, fieldError('permissionId', 'duplicate', `A Permission with Id [${id}] already exists.`));
    }
    const input = bodyPart(request.body, 'permission');
    if (!input) return sendErrors(reply, missing);
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    const errors = new ErrorCollector();
    if (name === '') errors.field('permission.name', 'blank', 'You must specify the [permission.name] property.');
    if (entityType.permissions.some((permission) => permission.id !== id && permission.name === name)) {
      errors.field('permission.name', 'duplicate', `A Permission with name [${name}] already exists.`);
    }
    if (!errors.empty) return sendErrors(reply, errors.toErrors());
    const now = context.now();
    const permission: EntityTypePermission = {
      id,
      name,
      ...(typeof input.description === 'string' ? { description: input.description } : {}),
      isDefault: input.isDefault === true,
      data: objectAt(input, 'data'),
      insertInstant: previous?.insertInstant ?? now,
      lastUpdateInstant: now,
    };
    const others = entityType.permissions.filter((candidate) => candidate.id !== id);
    saveEntityType(context, { ...entityType, permissions: [...others, permission], lastUpdateInstant: now });
    return reply.send({ permission: permissionView(permission) });
  };
  app.post<EntityTypeGeneric>('/api/entity/type/:entityTypeId/permission', apiKey, async (request: Route, reply) =>
    save(request, reply, false),
  );
  app.post<EntityTypeGeneric>(
    '/api/entity/type/:entityTypeId/permission/:permissionId',
    apiKey,
    async (request: Route, reply) => save(request, reply, false),
  );
  app.put<EntityTypeGeneric>(
    '/api/entity/type/:entityTypeId/permission/:permissionId',
    apiKey,
    async (request: Route, reply) => save(request, reply, true),
  );
  app.delete<EntityTypeGeneric>(
    '/api/entity/type/:entityTypeId/permission/:permissionId',
    apiKey,
    async (request: Route, reply) => {
      const entityType = existing(request, reply);
      if (!entityType) return reply;
      const permissions = entityType.permissions.filter((candidate) => candidate.id !== request.params.permissionId);
      if (permissions.length === entityType.permissions.length) return sendEmpty(reply, 404);
      saveEntityType(context, { ...entityType, permissions, lastUpdateInstant: context.now() });
      return sendEmpty(reply, 200);
    },
  );
}

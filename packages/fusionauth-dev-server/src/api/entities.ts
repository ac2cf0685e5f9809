/**
 * Entity API (https://fusionauth.io/docs/apis/entities/entities) and Grant API
 * (https://fusionauth.io/docs/apis/entities/grants): create (`POST /api/entity[/{id}]`, in the request's tenant;
 * the client id defaults to the entity id and a secret is generated), update (`PUT`, a blank secret keeps the
 * old one), retrieve, delete; grants on an entity for a recipient entity or a user are upserted
 * (`POST`/`PUT /api/entity/{id}/grant`), listed or read (`GET`, `?recipientEntityId=` or `?userId=`) and
 * revoked (`DELETE` with one of those). A grant's permissions must be permissions of the entity's type.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import {
  deleteEntity,
  deleteGrant,
  entityView,
  findEntity,
  findEntityByClientId,
  findEntityType,
  grantsOn,
  grantView,
  newClientSecret,
  saveEntity,
  saveGrant,
  type GrantRecipient,
} from '../domain/entities.ts';
import { findUser, isUuid } from '../domain/lookup.ts';
import { objectAt } from '../domain/settings.ts';
import { requireApiKey, tenantForCreate, tenantScopeOf } from '../http/auth.ts';
import { bodyPart } from '../http/body.ts';
import { ErrorCollector, fieldError, sendEmpty, sendErrors } from '../http/errors.ts';
import { checkUuidParam } from '../http/params.ts';
import type { JsonObject, StoredEntity, StoredEntityGrant } from '../state/model.ts';

interface EntityGeneric {
  Params: { entityId?: string };
  Querystring: JsonObject;
}
type Route = FastifyRequest<EntityGeneric>;

const MISSING_ENTITY = fieldError('entity', 'missing', 'Your request is missing the Entity information as JSON.');
const MISSING_GRANT = fieldError('grant', 'missing', 'Your request is missing the Grant information as JSON.');

function text(source: JsonObject, name: string): string | undefined {
  const value = source[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Registers the Entity and Grant API routes. */
export function registerEntityRoutes(app: FastifyInstance, context: DevServerContext): void {
  const apiKey = { onRequest: requireApiKey(context) };

  const save = (reply: FastifyReply, id: string, tenantId: string, input: JsonObject, previous?: StoredEntity) => {
    const errors = new ErrorCollector();
    const name = text(input, 'name') ?? '';
    if (name === '') errors.field('entity.name', 'blank', 'You must specify the [entity.name] property.');
    const typeId = text(objectAt(input, 'type'), 'id') ?? previous?.typeId;
    if (!typeId) errors.field('entity.type.id', 'missing', 'You must specify the [entity.type.id] property.');
    else if (!findEntityType(context, typeId)) {
      errors.field(
        'entity.type.id',
        'invalid',
        `The [entity.type.id] property [${typeId}] is not a valid Entity Type.`,
      );
    }
    const clientId = text(input, 'clientId') ?? previous?.clientId ?? id;
    const holder = findEntityByClientId(context, clientId);
    if (holder && holder.id !== id) {
      errors.field('entity.clientId', 'duplicate', `An Entity with client Id [${clientId}] already exists.`);
    }
    if (!errors.empty || !typeId) return sendErrors(reply, errors.toErrors());
    const now = context.now();
    const entity: StoredEntity = {
      id,
      tenantId,
      typeId,
      name,
      clientId,
      clientSecret: text(input, 'clientSecret') ?? previous?.clientSecret ?? newClientSecret(),
      data: objectAt(input, 'data'),
      insertInstant: previous?.insertInstant ?? now,
      lastUpdateInstant: now,
    };
    saveEntity(context, entity);
    return reply.send({ entity: entityView(context, entity) });
  };

  const existing = (request: Route, reply: FastifyReply): StoredEntity | null => {
    const id = request.params.entityId ?? '';
    if (!checkUuidParam(reply, 'entityId', id)) return null;
    const entity = findEntity(context, id);
    if (!entity) sendEmpty(reply, 404);
    return entity ?? null;
  };

  const create = async (request: Route, reply: FastifyReply) => {
    const id = request.params.entityId ?? randomUUID();
    if (!checkUuidParam(reply, 'entityId', id)) return reply;
    if (findEntity(context, id)) {
      return sendErrors(reply, fieldError('entityId', 'duplicate', `An Entity with Id [${id}] already exists.`));
    }
    const input = bodyPart(request.body, 'entity');
    if (!input) return sendErrors(reply, MISSING_ENTITY);
    const resolved = tenantForCreate(tenantScopeOf(context, request));
    if ('errors' in resolved) return sendErrors(reply, resolved.errors);
    return save(reply, id, resolved.tenant.id, input);
  };
  app.post<EntityGeneric>('/api/entity', apiKey, create);
  app.post<EntityGeneric>('/api/entity/:entityId', apiKey, create);
  app.put<EntityGeneric>('/api/entity/:entityId', apiKey, async (request: Route, reply) => {
    const entity = existing(request, reply);
    if (!entity) return reply;
    const input = bodyPart(request.body, 'entity');
    return input ? save(reply, entity.id, entity.tenantId, input, entity) : sendErrors(reply, MISSING_ENTITY);
  });
  app.get<EntityGeneric>('/api/entity/:entityId', apiKey, async (request: Route, reply) => {
    const entity = existing(request, reply);
    return entity ? reply.send({ entity: entityView(context, entity) }) : reply;
  });
  app.delete<EntityGeneric>('/api/entity/:entityId', apiKey, async (request: Route, reply) => {
    const entity = existing(request, reply);
    if (!entity) return reply;
    deleteEntity(context, entity);
    return sendEmpty(reply, 200);
  });

  const upsertGrant = async (request: Route, reply: FastifyReply) => {
    const entity = existing(request, reply);
    if (!entity) return reply;
    const input = bodyPart(request.body, 'grant');
    if (!input) return sendErrors(reply, MISSING_GRANT);
    const errors = new ErrorCollector();
    const recipient = readRecipient(context, input, errors);
    const permissions = Array.isArray(input.permissions)
      ? input.permissions.filter((name): name is string => typeof name === 'string')
      : [];
    const known = new Set(findEntityType(context, entity.typeId)?.permissions.map((permission) => permission.name));
    const unknown = permissions.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      errors.field(
        'grant.permissions',
        'invalid',
        `The [grant.permissions] [${unknown.join(', ')}] are not permissions of the Entity Type.`,
      );
    }
    if (!errors.empty || !recipient) return sendErrors(reply, errors.toErrors());
    const previous = grantsOn(context, entity.id, recipient)[0];
    const now = context.now();
    const grant: StoredEntityGrant = {
      id: previous?.id ?? randomUUID(),
      entityId: entity.id,
      ...recipient,
      permissions: [...new Set(permissions)],
      data: objectAt(input, 'data'),
      insertInstant: previous?.insertInstant ?? now,
      lastUpdateInstant: now,
    };
    saveGrant(context, grant);
    return sendEmpty(reply, 200);
  };
  app.post<EntityGeneric>('/api/entity/:entityId/grant', apiKey, upsertGrant);
  app.put<EntityGeneric>('/api/entity/:entityId/grant', apiKey, upsertGrant);
  app.get<EntityGeneric>('/api/entity/:entityId/grant', apiKey, async (request: Route, reply) => {
    const entity = existing(request, reply);
    if (!entity) return reply;
    const recipient = recipientOf(request.query);
    if (!recipient) return reply.send({ grants: grantsOn(context, entity.id).map((g) => grantView(context, g)) });
    const grant = grantsOn(context, entity.id, recipient)[0];
    return grant ? reply.send({ grant: grantView(context, grant) }) : sendEmpty(reply, 404);
  });
  app.delete<EntityGeneric>('/api/entity/:entityId/grant', apiKey, async (request: Route, reply) => {
    const entity = existing(request, reply);
    if (!entity) return reply;
    const recipient = recipientOf(request.query);
    if (!recipient) {
      return sendErrors(
        reply,
        fieldError('recipientEntityId', 'missing', 'You must specify either the recipientEntityId or the userId.'),
      );
    }
    const grant = grantsOn(context, entity.id, recipient)[0];
    if (!grant) return sendEmpty(reply, 404);
    deleteGrant(context, grant);
    return sendEmpty(reply, 200);
  });
}

/** The recipient named by `recipientEntityId` or `userId` (a query string or a grant). */
function recipientOf(source: JsonObject): GrantRecipient | undefined {
  const entityId = text(source, 'recipientEntityId');
  if (entityId) return { recipientEntityId: entityId };
  const userId = text(source, 'userId');
  return userId ? { userId } : undefined;
}

function readRecipient(
  context: DevServerContext,
  input: JsonObject,
  errors: ErrorCollector,
): GrantRecipient | undefined {
  const recipient = recipientOf(input);
  if (!recipient) {
    errors.field(
      'grant.recipientEntityId',
      'missing',
      'You must specify either [grant.recipientEntityId] or [grant.userId].',
    );
    return undefined;
  }
  const [field, id] =
    'userId' in recipient
      ? ['grant.userId', recipient.userId]
      : ['grant.recipientEntityId', recipient.recipientEntityId];
  const exists = isUuid(id) && ('userId' in recipient ? findUser(context, id) : findEntity(context, id));
  if (!exists) errors.field(field, 'invalid', `The [${field}] [${id}] does not exist.`);
  return exists ? recipient : undefined;
}

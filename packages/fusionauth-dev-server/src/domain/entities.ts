/**
 * Entity Management, the part the client credentials grant needs (https://fusionauth.io/docs/get-started/core-concepts/entity-management):
 * entity types with their permissions, entities (machines with a client id and secret, of one type and one
 * tenant) and grants (permissions on one entity for a recipient entity or a user, one grant per pair).
 */
import { randomBytes } from 'node:crypto';
import { stateOf, type DevServerContext } from '../context.ts';
import type {
  EntityTypePermission,
  JsonObject,
  StoredEntity,
  StoredEntityGrant,
  StoredEntityType,
} from '../state/model.ts';

/** The entity type with this id. */
export function findEntityType(context: DevServerContext, id: string): StoredEntityType | undefined {
  return stateOf(context).entityTypes[id];
}

/** Every entity type. */
export function listEntityTypes(context: DevServerContext): StoredEntityType[] {
  return Object.values(stateOf(context).entityTypes);
}

/** Stores a created or updated entity type. */
export function saveEntityType(context: DevServerContext, entityType: StoredEntityType): void {
  stateOf(context).entityTypes[entityType.id] = entityType;
  context.store.changed();
}

/** Deletes an entity type, with its entities and their grants. */
export function deleteEntityType(context: DevServerContext, entityType: StoredEntityType): void {
  const state = stateOf(context);
  for (const entity of Object.values(state.entities))
    if (entity.typeId === entityType.id) deleteEntity(context, entity);
  delete state.entityTypes[entityType.id];
  context.store.changed();
}

/** The entity with this id. */
export function findEntity(context: DevServerContext, id: string): StoredEntity | undefined {
  return stateOf(context).entities[id];
}

/** The entity whose OAuth client id this is (by default its id). */
export function findEntityByClientId(context: DevServerContext, clientId: string): StoredEntity | undefined {
  return Object.values(stateOf(context).entities).find((entity) => entity.clientId === clientId);
}

/** A secure client secret, for an entity created without one. */
export function newClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Stores a created or updated entity. */
export function saveEntity(context: DevServerContext, entity: StoredEntity): void {
  stateOf(context).entities[entity.id] = entity;
  context.store.changed();
}

/** Deletes an entity and every grant on it or to it. */
export function deleteEntity(context: DevServerContext, entity: StoredEntity): void {
  const state = stateOf(context);
  for (const grant of Object.values(state.entityGrants)) {
    if (grant.entityId === entity.id || grant.recipientEntityId === entity.id) delete state.entityGrants[grant.id];
  }
  delete state.entities[entity.id];
  context.store.changed();
}

/** Who a grant is for: a recipient entity or a user. */
export type GrantRecipient = { recipientEntityId: string } | { userId: string };

/** The grants on `entityId`, or the one for `recipient`. */
export function grantsOn(context: DevServerContext, entityId: string, recipient?: GrantRecipient): StoredEntityGrant[] {
  return Object.values(stateOf(context).entityGrants).filter(
    (grant) =>
      grant.entityId === entityId &&
      (!recipient ||
        ('userId' in recipient
          ? grant.userId === recipient.userId
          : grant.recipientEntityId === recipient.recipientEntityId)),
  );
}

/** Stores a created or updated grant. */
export function saveGrant(context: DevServerContext, grant: StoredEntityGrant): void {
  stateOf(context).entityGrants[grant.id] = grant;
  context.store.changed();
}

/** Deletes a grant (revokes it). */
export function deleteGrant(context: DevServerContext, grant: StoredEntityGrant): void {
  delete stateOf(context).entityGrants[grant.id];
  context.store.changed();
}

/** An entity type's permission as the API answers it. */
export function permissionView(permission: EntityTypePermission): JsonObject {
  return {
    id: permission.id,
    name: permission.name,
    ...(permission.description !== undefined ? { description: permission.description } : {}),
    isDefault: permission.isDefault,
    data: permission.data,
    insertInstant: permission.insertInstant,
    lastUpdateInstant: permission.lastUpdateInstant,
  };
}

/** An entity type as the API answers it. */
export function entityTypeView(entityType: StoredEntityType): JsonObject {
  return {
    id: entityType.id,
    name: entityType.name,
    data: entityType.data,
    jwtConfiguration: entityType.jwtConfiguration,
    permissions: entityType.permissions.map(permissionView),
    insertInstant: entityType.insertInstant,
    lastUpdateInstant: entityType.lastUpdateInstant,
  };
}

/** An entity as the API answers it, its type included. */
export function entityView(context: DevServerContext, entity: StoredEntity): JsonObject {
  const type = findEntityType(context, entity.typeId);
  return {
    id: entity.id,
    tenantId: entity.tenantId,
    name: entity.name,
    clientId: entity.clientId,
    clientSecret: entity.clientSecret,
    data: entity.data,
    type: type ? entityTypeView(type) : { id: entity.typeId },
    insertInstant: entity.insertInstant,
    lastUpdateInstant: entity.lastUpdateInstant,
  };
}

/** A grant as the API answers it, with the entity it is on. */
export function grantView(context: DevServerContext, grant: StoredEntityGrant): JsonObject {
  const entity = findEntity(context, grant.entityId);
  return {
    id: grant.id,
    ...(entity ? { entity: entityView(context, entity) } : {}),
    ...(grant.recipientEntityId ? { recipientEntityId: grant.recipientEntityId } : {}),
    ...(grant.userId ? { userId: grant.userId } : {}),
    permissions: grant.permissions,
    data: grant.data,
    insertInstant: grant.insertInstant,
    lastUpdateInstant: grant.lastUpdateInstant,
  };
}

/**
 * Contract: Entity Management as far as the client credentials grant needs it, through the official client:
 * entity types and their permissions, entities with client credentials, grants between entities, and
 * `clientCredentialsGrant` with `target-entity:` scopes.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { FusionAuthClient, OAuthError } from '@fusionauth/typescript-client';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { apiClient, assertFieldError, rejection } from './contract.ts';

let target: FusionAuthTarget;
let api: FusionAuthClient;
let typeId: string;

before(async () => {
  target = await startFusionAuthTarget();
  api = apiClient(target);
  typeId = randomUUID();
  const { response } = await api.createEntityType(typeId, { entityType: { name: `api ${typeId}` } });
  assert.equal(response.entityType?.id, typeId);
  for (const name of ['read', 'write']) {
    const created = await api.createEntityTypePermission(typeId, randomUUID(), { permission: { name } });
    assert.equal(created.response.permission?.name, name);
  }
});
after(() => target?.close());

async function createEntity(name: string): Promise<{ id: string; clientId: string; clientSecret: string }> {
  const { response } = await api.createEntity(randomUUID(), { entity: { name, type: { id: typeId } } });
  const entity = response.entity;
  assert.ok(entity?.id && entity.clientId && entity.clientSecret, 'a client id and a generated secret');
  assert.equal(entity.clientId, entity.id, 'the client id defaults to the entity id');
  return { id: entity.id, clientId: entity.clientId, clientSecret: entity.clientSecret };
}

async function oauthError(call: Promise<{ statusCode: number }>, status = 400): Promise<OAuthError> {
  const refused = await rejection(call);
  assert.equal(refused.statusCode, status);
  return refused.errors as unknown as OAuthError;
}

test('an entity with a grant gets a token for the target: aud, sub, the granted permissions, gty [client_credentials]', async () => {
  const service = await createEntity('reporting service');
  const api1 = await createEntity('orders api');
  await api.upsertEntityGrant(api1.id, { grant: { recipientEntityId: service.id, permissions: ['read', 'write'] } });
  const { response: grant } = await api.retrieveEntityGrant(api1.id, service.id, undefined as unknown as string);
  assert.deepEqual(grant.grant?.permissions, ['read', 'write']);

  const all = await api.clientCredentialsGrant(service.clientId, service.clientSecret, `target-entity:${api1.id}`);
  assert.equal(all.response.token_type, 'Bearer');
  assert.equal(all.response.scope, `target-entity:${api1.id}`);
  const token = all.response.access_token ?? '';
  assert.deepEqual(decodeProtectedHeader(token).gty, ['client_credentials']);
  const claims = decodeJwt(token);
  assert.equal(claims.aud, api1.id);
  assert.equal(claims.sub, service.id);
  assert.deepEqual(claims.permissions, { [api1.id]: ['read', 'write'] }, 'no permission asked: all of the grant');

  const asked = await api.clientCredentialsGrant(
    service.clientId,
    service.clientSecret,
    `target-entity:${api1.id}:read`,
  );
  assert.deepEqual(decodeJwt(asked.response.access_token ?? '').permissions, { [api1.id]: ['read'] });
});

test('two targets in one scope give an aud array', async () => {
  const service = await createEntity('batch service');
  const [one, two] = [await createEntity('one'), await createEntity('two')];
  for (const entity of [one, two]) {
    await api.upsertEntityGrant(entity.id, { grant: { recipientEntityId: service.id, permissions: ['read'] } });
  }
  const { response } = await api.clientCredentialsGrant(
    service.clientId,
    service.clientSecret,
    `target-entity:${one.id}:read target-entity:${two.id}`,
  );
  assert.deepEqual(decodeJwt(response.access_token ?? '').aud, [one.id, two.id]);
});

test('a target without a grant, or a permission not granted, is 400 invalid_scope; once revoked, the grant is gone', async () => {
  const service = await createEntity('nosy service');
  const other = await createEntity('private api');
  const none = await oauthError(
    api.clientCredentialsGrant(service.clientId, service.clientSecret, `target-entity:${other.id}`),
  );
  assert.deepEqual([none.error, none.error_reason], ['invalid_scope', 'invalid_target_entity_scope']);

  await api.upsertEntityGrant(other.id, { grant: { recipientEntityId: service.id, permissions: ['read'] } });
  const more = await oauthError(
    api.clientCredentialsGrant(service.clientId, service.clientSecret, `target-entity:${other.id}:write`),
  );
  assert.deepEqual([more.error, more.error_reason], ['invalid_scope', 'invalid_entity_permission_scope']);

  await api.deleteEntityGrant(other.id, service.id, undefined as unknown as string);
  assert.equal(
    (await rejection(api.retrieveEntityGrant(other.id, service.id, undefined as unknown as string))).statusCode,
    404,
  );
  await oauthError(api.clientCredentialsGrant(service.clientId, service.clientSecret, `target-entity:${other.id}`));
});

test('a wrong secret or an unknown client is 401 invalid_client', async () => {
  const service = await createEntity('locked out service');
  const wrong = await oauthError(
    api.clientCredentialsGrant(service.clientId, 'not-the-secret', 'target-entity:x'),
    401,
  );
  assert.deepEqual([wrong.error, wrong.error_reason], ['invalid_client', 'invalid_client_authentication']);
  const unknown = await oauthError(api.clientCredentialsGrant(randomUUID(), 'secret', 'target-entity:x'), 401);
  assert.equal(unknown.error_reason, 'invalid_client_id');
});

test("an entity needs a name and an existing type; a grant's permissions must be the type's", async () => {
  const invalid = await rejection(
    api.createEntity(randomUUID(), { entity: { name: ' ', type: { id: randomUUID() } } }),
  );
  assert.equal(invalid.statusCode, 400);
  assertFieldError(invalid.errors, 'entity.name', '[blank]entity.name');
  assertFieldError(invalid.errors, 'entity.type.id', '[invalid]entity.type.id');
  const [owner, recipient] = [await createEntity('owner'), await createEntity('recipient')];
  const badGrant = await rejection(
    api.upsertEntityGrant(owner.id, { grant: { recipientEntityId: recipient.id, permissions: ['delete'] } }),
  );
  assertFieldError(badGrant.errors, 'grant.permissions', '[invalid]grant.permissions');
});

test('deleting an entity type deletes its entities', async () => {
  const id = randomUUID();
  await api.createEntityType(id, { entityType: { name: `short-lived ${id}` } });
  const { response } = await api.createEntity(randomUUID(), { entity: { name: 'doomed', type: { id } } });
  await api.deleteEntityType(id);
  assert.equal((await rejection(api.retrieveEntity(response.entity?.id ?? ''))).statusCode, 404);
  assert.equal((await rejection(api.retrieveEntityType(id))).statusCode, 404);
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { decodeJwt } from 'jose';
import type { FusionAuthClient, UserRegistration } from '@fusionauth/typescript-client';
import type { FusionAuthTarget } from '../support/fusionauth-target.ts';
import {
  createUser,
  logIn,
  PASSWORD,
  registerUser,
  rejection,
  send,
  startWithApplication,
  UUID_PATTERN,
} from './contract.ts';

let target: FusionAuthTarget;
let client: FusionAuthClient;
let applicationId: string;

before(async () => ({ target, client, applicationId } = await startWithApplication()));
after(() => target?.close());

test('GET returns the registration of a user for an application', async () => {
  const { id } = await registerUser(target, applicationId);
  const { statusCode, response } = await client.retrieveRegistration(id, applicationId);

  assert.equal(statusCode, 200);
  assert.equal(response.registration?.applicationId, applicationId);
  assert.match(response.registration?.id ?? '', UUID_PATTERN);
  assert.deepEqual(response.registration?.roles, ['user']);
  assert.equal(typeof response.registration?.insertInstant, 'number');
});

test('GET of a registration that does not exist is an empty 404', async () => {
  const { id } = await createUser(target);
  for (const path of [
    `/api/user/registration/${id}/${applicationId}`,
    `/api/user/registration/${randomUUID()}/${applicationId}`,
  ]) {
    const raw = await send(target, 'GET', path);
    assert.equal(raw.status, 404, path);
    assert.equal(raw.text, '');
  }
});

test('PUT replaces the roles, and the next login carries them', async () => {
  const user = await registerUser(target, applicationId);
  const { statusCode, response } = await client.updateRegistration(user.id, {
    registration: { applicationId, roles: ['admin'] },
  });

  assert.equal(statusCode, 200);
  assert.deepEqual(response.registration?.roles, ['admin']);
  assert.deepEqual((await client.retrieveRegistration(user.id, applicationId)).response.registration?.roles, ['admin']);
  assert.deepEqual(decodeJwt((await logIn(target, user, applicationId)).token ?? '').roles, ['admin']);
});

test('PUT to /api/user/registration/{userId}/{applicationId} takes the application from the URL', async () => {
  const { id } = await registerUser(target, applicationId);
  const raw = await send(target, 'PUT', `/api/user/registration/${id}/${applicationId}`, {
    body: { registration: { roles: ['admin', 'user'] } },
  });
  assert.equal(raw.status, 200);
  const { registration } = raw.json<{ registration: UserRegistration }>();
  assert.equal(registration.applicationId, applicationId);
  assert.deepEqual([...(registration.roles ?? [])].sort(), ['admin', 'user']);
});

test('PATCH merges into the registration and keeps what it does not name', async () => {
  const { id } = await registerUser(target, applicationId);
  await client.updateRegistration(id, { registration: { applicationId, roles: ['user'], data: { theme: 'dark' } } });
  const { statusCode, response } = await client.patchRegistration(id, {
    registration: { applicationId, data: { locale: 'fr' } },
  });

  assert.equal(statusCode, 200);
  assert.deepEqual(response.registration?.data, { theme: 'dark', locale: 'fr' });
  assert.deepEqual(response.registration?.roles, ['user']);
});

test('PUT of a registration that does not exist is an empty 404', async () => {
  const { id } = await createUser(target);
  const raw = await send(target, 'PUT', `/api/user/registration/${id}/${applicationId}`, {
    body: { registration: { roles: ['user'] } },
  });
  assert.equal(raw.status, 404);
  assert.equal(raw.text, '');
});

test('DELETE removes the registration: an empty 200, then 404, and the next login is a 202', async () => {
  const user = await registerUser(target, applicationId);
  const raw = await send(target, 'DELETE', `/api/user/registration/${user.id}/${applicationId}`);
  assert.equal(raw.status, 200);
  assert.equal(raw.text, '');

  assert.deepEqual(await rejection(client.retrieveRegistration(user.id, applicationId)), {
    statusCode: 404,
    errors: undefined,
  });
  assert.deepEqual((await client.retrieveUser(user.id)).response.user?.registrations ?? [], []);
  const login = await client.login({ loginId: user.email, password: PASSWORD, applicationId });
  assert.equal(login.statusCode, 202);
});

test("deleting a registration leaves the user's refresh tokens alone", async () => {
  const user = await registerUser(target, applicationId);
  const { refreshTokenId } = await logIn(target, user, applicationId);
  await client.deleteRegistration(user.id, applicationId);

  const { response } = await client.retrieveRefreshTokens(user.id);
  assert.ok(response.refreshTokens?.some((token) => token.id === refreshTokenId));
});

test('DELETE of a registration that does not exist is an empty 404', async () => {
  const { id } = await createUser(target);
  const raw = await send(target, 'DELETE', `/api/user/registration/${id}/${applicationId}`);
  assert.equal(raw.status, 404);
  assert.equal(raw.text, '');
});

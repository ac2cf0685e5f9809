import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { FusionAuthClient, User } from '@fusionauth/typescript-client';
import type { FusionAuthTarget } from '../support/fusionauth-target.ts';
import {
  assertFieldError,
  createUser,
  logIn,
  PASSWORD,
  registerUser,
  rejection,
  send,
  startWithApplication,
  uniqueEmail,
  UUID_PATTERN,
} from './contract.ts';

let target: FusionAuthTarget;
let client: FusionAuthClient;
let applicationId: string;

before(async () => ({ target, client, applicationId } = await startWithApplication()));
after(() => target?.close());

test('a user is found by id, with its registrations and never its password', async () => {
  const { id, email } = await registerUser(target, applicationId);
  const { statusCode, response } = await client.retrieveUser(id);

  assert.equal(statusCode, 200);
  const user = response.user as User & Record<string, unknown>;
  assert.equal(user.id, id);
  assert.equal(user.email, email);
  assert.equal(user.active, true);
  assert.match(user.tenantId ?? '', UUID_PATTERN);
  assert.equal(typeof user.insertInstant, 'number');
  assert.equal(user.registrations?.[0]?.applicationId, applicationId);
  for (const secret of ['password', 'salt', 'encryptionScheme', 'factor'])
    assert.equal(user[secret], undefined, secret);
});

test('a user is found by ?email= in any case and by ?loginId=', async () => {
  const { id, email } = await createUser(target);
  assert.equal((await client.retrieveUserByEmail(email.toUpperCase())).response.user?.id, id);
  assert.equal((await client.retrieveUserByLoginId(email)).response.user?.id, id);

  const raw = await send(target, 'GET', `/api/user?email=${encodeURIComponent(uniqueEmail('nobody'))}`);
  assert.equal(raw.status, 404);
  assert.equal(raw.text, '');
});

test("GET /api/user with a Bearer access token returns the token's own user", async (t) => {
  if (!target.isDevServer)
    return t.skip(
      'retrieving a user with a JWT is UNCONFIRMED on current FusionAuth (docs/differences-from-fusionauth.md)',
    );
  const user = await registerUser(target, applicationId);
  const { token } = await logIn(target, user, applicationId);

  const self = await send(target, 'GET', '/api/user', { authorization: `Bearer ${token}` });
  assert.equal(self.status, 200);
  assert.equal(self.json<{ user: User }>().user.id, user.id);

  const forged = await send(target, 'GET', '/api/user', { authorization: `Bearer ${token}x` });
  assert.equal(forged.status, 401);
  assert.equal(forged.text, '');
});

test('POST /api/user creates an active user, with the id from the URL when given', async () => {
  const email = uniqueEmail();
  const created = await client.createUser(null as unknown as string, {
    user: { email, password: PASSWORD, firstName: 'Ada' },
  });
  assert.equal(created.statusCode, 200);
  assert.match(created.response.user?.id ?? '', UUID_PATTERN);
  assert.equal(created.response.user?.active, true);
  assert.equal(created.response.user?.firstName, 'Ada');

  const userId = randomUUID();
  const withId = await client.createUser(userId, { user: { email: uniqueEmail(), password: PASSWORD } });
  assert.equal(withId.response.user?.id, userId);

  const duplicate = await rejection(
    client.createUser(null as unknown as string, { user: { email, password: PASSWORD } }),
  );
  assert.equal(duplicate.statusCode, 400);
  assertFieldError(duplicate.errors, 'user.email', '[duplicate]user.email');
});

test("a created user has lastLoginInstant equal to insertInstant, as FusionAuth's create responses show (a client that reads it right after a sign-up must not find it missing)", async () => {
  const created = (
    await client.createUser(null as unknown as string, { user: { email: uniqueEmail(), password: PASSWORD } })
  ).response.user;
  assert.equal(typeof created?.insertInstant, 'number');
  assert.equal(created?.lastLoginInstant, created?.insertInstant);
  const registered = (await registerUser(target, applicationId)).user;
  assert.equal(registered.lastLoginInstant, registered.insertInstant);
  const registration = registered.registrations?.[0];
  assert.equal(registration?.lastLoginInstant, registration?.insertInstant, 'and on the registration created with it');
});

test('PUT replaces the user but keeps the password it does not send', async () => {
  const user = await registerUser(target, applicationId);
  await client.patchUser(user.id, { user: { firstName: 'Old', lastName: 'Name' } });
  const { statusCode, response } = await client.updateUser(user.id, { user: { email: user.email, firstName: 'New' } });

  assert.equal(statusCode, 200);
  assert.equal(response.user?.firstName, 'New');
  assert.equal(response.user?.lastName, undefined, 'a PUT replaces: what it leaves out is gone');
  await logIn(target, user, applicationId);
});

test('PATCH merges into the user and keeps what it does not name', async () => {
  const { id, email } = await createUser(target, { firstName: 'Ada', data: { a: 1 } });
  const { statusCode, response } = await client.patchUser(id, { user: { lastName: 'Lovelace', data: { b: 2 } } });

  assert.equal(statusCode, 200);
  assert.equal(response.user?.email, email);
  assert.equal(response.user?.firstName, 'Ada');
  assert.equal(response.user?.lastName, 'Lovelace');
  assert.deepEqual(response.user?.data, { a: 1, b: 2 });
});

test('an update of an unknown user is an empty 404', async () => {
  const raw = await send(target, 'PUT', `/api/user/${randomUUID()}`, { body: { user: { email: uniqueEmail() } } });
  assert.equal(raw.status, 404);
  assert.equal(raw.text, '');
});

test('DELETE deactivates: the user is kept with active:false, cannot log in, and loses its refresh tokens', async () => {
  const user = await registerUser(target, applicationId);
  const { refreshToken } = await logIn(target, user, applicationId);
  const raw = await send(target, 'DELETE', `/api/user/${user.id}`);
  assert.equal(raw.status, 200);
  assert.equal(raw.text, '');

  assert.equal((await client.retrieveUser(user.id)).response.user?.active, false);
  assert.equal(
    (await rejection(client.login({ loginId: user.email, password: PASSWORD, applicationId }))).statusCode,
    423,
  );
  assert.deepEqual((await client.retrieveRefreshTokens(user.id)).response.refreshTokens ?? [], []);
  assert.equal(
    (await rejection(client.exchangeRefreshTokenForJWT({ refreshToken: refreshToken ?? '' }))).statusCode,
    400,
  );
});

test('PUT ?reactivate=true brings a deactivated user back', async () => {
  const user = await registerUser(target, applicationId);
  await client.deactivateUser(user.id);
  const { statusCode, response } = await client.reactivateUser(user.id);

  assert.equal(statusCode, 200);
  assert.equal(response.user?.id, user.id);
  assert.equal(response.user?.active, true);
  await logIn(target, user, applicationId);
});

test('DELETE ?hardDelete=true removes the user and its tokens, and frees its email', async () => {
  const user = await registerUser(target, applicationId);
  const { refreshToken } = await logIn(target, user, applicationId);
  await client.deleteUser(user.id);

  assert.deepEqual(await rejection(client.retrieveUser(user.id)), { statusCode: 404, errors: undefined });
  assert.equal(
    (await rejection(client.login({ loginId: user.email, password: PASSWORD, applicationId }))).statusCode,
    404,
  );
  assert.equal(
    (await rejection(client.exchangeRefreshTokenForJWT({ refreshToken: refreshToken ?? '' }))).statusCode,
    400,
  );
  const again = await client.register(null as unknown as string, {
    user: { email: user.email, password: PASSWORD },
    registration: { applicationId },
  });
  assert.equal(again.statusCode, 200);
});

test('deleting an unknown user is an empty 404', async () => {
  const raw = await send(target, 'DELETE', `/api/user/${randomUUID()}`);
  assert.equal(raw.status, 404);
  assert.equal(raw.text, '');
});

test("a PATCH appends to the user's arrays", async () => {
  const { id } = await createUser(target, { preferredLanguages: ['en'] });
  const { response } = await client.patchUser(id, { user: { preferredLanguages: ['fr'] } });
  assert.deepEqual(response.user?.preferredLanguages, ['en', 'fr']);
});

test('a hard delete also comes as a JSON body {hardDelete: true}', async () => {
  const { id } = await createUser(target);
  assert.equal((await client.deleteUserWithRequest(id, { hardDelete: true })).statusCode, 200);
  assert.deepEqual(await rejection(client.retrieveUser(id)), { statusCode: 404, errors: undefined });
});

test('reactivating an unknown user is an empty 404', async () => {
  const raw = await send(target, 'PUT', `/api/user/${randomUUID()}?reactivate=true`);
  assert.equal(raw.status, 404);
  assert.equal(raw.text, '');
});

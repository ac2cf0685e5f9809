import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { FusionAuthClient } from '@fusionauth/typescript-client';
import { startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { apiClient, assertFieldError, createUser, rejection, send, type TestUser } from './contract.ts';

let target: FusionAuthTarget;
let client: FusionAuthClient;
let user: TestUser;
let username: string;

before(async () => {
  target = await startFusionAuthTarget();
  client = apiClient(target);
  username = `types-${randomUUID()}`;
  user = await createUser(target, { username });
});
after(() => target?.close());

test('retrieving a user by loginId compares it only with the loginIdTypes listed', async () => {
  const byEmailAsUsername = await rejection(client.retrieveUserByLoginIdWithLoginIdTypes(user.email, ['username']));
  assert.equal(byEmailAsUsername.statusCode, 404, 'an email is not looked up among usernames');
  const byEmail = await client.retrieveUserByLoginIdWithLoginIdTypes(user.email, ['email']);
  assert.equal(byEmail.response.user?.id, user.id);
  const byUsername = await client.retrieveUserByLoginIdWithLoginIdTypes(username, ['email', 'username']);
  assert.equal(byUsername.response.user?.id, user.id);
  assert.equal((await client.retrieveUserByLoginId(username)).response.user?.id, user.id, 'both by default');

  const raw = await send(target, 'GET', `/api/user?loginId=${encodeURIComponent(user.email)}&loginIdTypes=username`);
  assert.deepEqual([raw.status, raw.text], [404, '']);
});

test('a loginIdTypes entry FusionAuth does not have is a 400 on user retrieval and on login', async () => {
  const retrieval = await send(
    target,
    'GET',
    `/api/user?loginId=${encodeURIComponent(user.email)}&loginIdTypes=nickname`,
  );
  assert.equal(retrieval.status, 400, retrieval.text);
  assertFieldError(retrieval.json(), 'loginIdTypes', '[invalid]loginIdTypes');
  const login = await send(target, 'POST', '/api/login', {
    body: { loginId: user.email, password: user.password, loginIdTypes: ['nickname'] },
  });
  assert.equal(login.status, 400, login.text);
  assertFieldError(login.json(), 'loginIdTypes', '[invalid]loginIdTypes');
});

test('the Login API signs in only with a login id of the types listed in loginIdTypes', async () => {
  const asUsername = await rejection(
    client.login({ loginId: user.email, password: user.password, loginIdTypes: ['username'] }),
  );
  assert.equal(asUsername.statusCode, 404, 'an email is not a username');
  const asEmail = await client.login({ loginId: user.email, password: user.password, loginIdTypes: ['email'] });
  assert.equal(asEmail.response.user?.id, user.id);
  const byUsername = await client.login({ loginId: username, password: user.password, loginIdTypes: ['username'] });
  assert.equal(byUsername.response.user?.id, user.id);
});

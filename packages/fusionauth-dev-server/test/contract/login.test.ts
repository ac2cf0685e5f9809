import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { decodeJwt } from 'jose';
import type { FusionAuthClient } from '@fusionauth/typescript-client';
import type { FusionAuthTarget } from '../support/fusionauth-target.ts';
import {
  assertFieldError,
  createUser,
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

test('a registered user logs in with 200, a token, its expiry, a refresh token and the user with registrations', async () => {
  const { id, email } = await registerUser(target, applicationId);
  const startedAt = Date.now();
  const { statusCode, response } = await client.login({ loginId: email, password: PASSWORD, applicationId });

  assert.equal(statusCode, 200);
  assert.equal(typeof response.token, 'string');
  assert.equal(decodeJwt(response.token ?? '').sub, id);
  assert.equal(typeof response.tokenExpirationInstant, 'number', 'tokenExpirationInstant in epoch milliseconds');
  assert.ok(Math.abs((response.tokenExpirationInstant ?? 0) - (startedAt + 3600_000)) < 60_000);
  assert.equal(typeof response.refreshToken, 'string');
  assert.ok(response.refreshToken);
  assert.match(response.refreshTokenId ?? '', UUID_PATTERN);
  assert.equal(response.user?.id, id);
  assert.equal(response.user?.email, email);
  const registration = response.user?.registrations?.find((r) => r.applicationId === applicationId);
  assert.deepEqual(registration?.roles, ['user']);
  assert.equal((response.user as Record<string, unknown> | undefined)?.password, undefined, 'never the password');
});

test('a user not registered for the application gets 202: a token without applicationId or roles, no refresh token', async () => {
  const { id, email } = await createUser(target);
  const { statusCode, response } = await client.login({ loginId: email, password: PASSWORD, applicationId });

  assert.equal(statusCode, 202);
  assert.equal(response.user?.id, id);
  assert.equal(response.refreshToken, undefined);
  assert.equal(response.refreshTokenId, undefined);
  const claims = decodeJwt(response.token ?? '');
  assert.equal(claims.sub, id);
  assert.equal(claims.applicationId, undefined);
  assert.equal(claims.roles, undefined);
});

test('a wrong password and an unknown user get the same empty 404', async () => {
  const { email } = await registerUser(target, applicationId);

  const wrongPassword = await rejection(client.login({ loginId: email, password: 'not-the-password', applicationId }));
  const unknownUser = await rejection(
    client.login({ loginId: uniqueEmail('nobody'), password: PASSWORD, applicationId }),
  );
  assert.deepEqual(wrongPassword, { statusCode: 404, errors: undefined });
  assert.deepEqual(unknownUser, { statusCode: 404, errors: undefined });

  for (const loginId of [email, uniqueEmail('nobody')]) {
    const raw = await send(target, 'POST', '/api/login', {
      body: { loginId, password: 'not-the-password', applicationId },
    });
    assert.equal(raw.status, 404);
    assert.equal(raw.text, '', 'the 404 body is empty');
  }
});

test('a deactivated user is refused with an empty 423', async () => {
  const { id, email } = await registerUser(target, applicationId);
  await client.deactivateUser(id);

  assert.deepEqual(await rejection(client.login({ loginId: email, password: PASSWORD, applicationId })), {
    statusCode: 423,
    errors: undefined,
  });
  const raw = await send(target, 'POST', '/api/login', { body: { loginId: email, password: PASSWORD, applicationId } });
  assert.equal(raw.status, 423);
  assert.equal(raw.text, '');
});

test('a blank loginId and a blank password are 400 field errors', async () => {
  const missing = await rejection(client.login({ applicationId }));
  assert.equal(missing.statusCode, 400);
  assertFieldError(missing.errors, 'loginId', '[blank]loginId');
  assertFieldError(missing.errors, 'password', '[blank]password');

  const empty = await rejection(client.login({ loginId: '', password: '', applicationId }));
  assert.equal(empty.statusCode, 400);
  assertFieldError(empty.errors, 'loginId', '[blank]loginId');
  assertFieldError(empty.errors, 'password', '[blank]password');
});

test('noJWT logs the user in without any token', async () => {
  const { id, email } = await registerUser(target, applicationId);
  const { statusCode, response } = await client.login({
    loginId: email,
    password: PASSWORD,
    applicationId,
    noJWT: true,
  });

  assert.equal(statusCode, 200);
  assert.equal(response.user?.id, id);
  assert.equal(response.token, undefined);
  assert.equal(response.tokenExpirationInstant, undefined);
  assert.equal(response.refreshToken, undefined);
});

test("a login sets the user's lastLoginInstant", async () => {
  const { id, email } = await registerUser(target, applicationId);
  const startedAt = Date.now();
  await client.login({ loginId: email, password: PASSWORD, applicationId });

  const { response } = await client.retrieveUser(id);
  assert.ok((response.user?.lastLoginInstant ?? 0) >= startedAt - 1000, 'lastLoginInstant is the login time in ms');
  assert.ok((response.user?.lastLoginInstant ?? 0) <= Date.now() + 1000);
});

test('a login with an applicationId needs the API key: without it, an empty 401', async () => {
  const { email } = await registerUser(target, applicationId);
  const raw = await send(target, 'POST', '/api/login', {
    authorization: null,
    body: { loginId: email, password: PASSWORD, applicationId },
  });
  assert.equal(raw.status, 401);
  assert.equal(raw.text, '');
});

test("the loginId of a login ignores the email's case", async () => {
  const { id, email } = await registerUser(target, applicationId);
  const { statusCode, response } = await client.login({
    loginId: email.toUpperCase(),
    password: PASSWORD,
    applicationId,
  });
  assert.equal(statusCode, 200);
  assert.equal(response.user?.id, id);
});

test('a login without an applicationId is a 200 with a token but no refresh token and no application claims', async () => {
  const { id, email } = await registerUser(target, applicationId);
  const { statusCode, response } = await client.login({ loginId: email, password: PASSWORD });

  assert.equal(statusCode, 200);
  assert.equal(response.user?.id, id);
  assert.equal(response.refreshToken, undefined);
  const claims = decodeJwt(response.token ?? '');
  assert.equal(claims.sub, id);
  assert.equal(claims.applicationId, undefined);
  assert.equal(claims.roles, undefined);
});

test('a login body that is not JSON is a 400', async () => {
  const raw = await send(target, 'POST', '/api/login', { rawBody: '{"loginId": ' });
  assert.equal(raw.status, 400);
});

test('a login sets the access_token and refresh_token cookies, HttpOnly', async () => {
  const { email } = await registerUser(target, applicationId);
  const raw = await send(target, 'POST', '/api/login', { body: { loginId: email, password: PASSWORD, applicationId } });
  assert.equal(raw.status, 200);
  const { token, refreshToken } = raw.json<{ token: string; refreshToken: string }>();
  const cookies = raw.headers.getSetCookie();
  const accessCookie = cookies.find((c) => c.startsWith('access_token='));
  const refreshCookie = cookies.find((c) => c.startsWith('refresh_token='));
  assert.ok(accessCookie?.startsWith(`access_token=${token};`), `access_token cookie in ${JSON.stringify(cookies)}`);
  assert.match(accessCookie ?? '', /;\s*HttpOnly/i);
  const refreshValue = decodeURIComponent(refreshCookie?.split(';')[0]?.slice('refresh_token='.length) ?? '');
  assert.equal(refreshValue, refreshToken, `refresh_token cookie in ${JSON.stringify(cookies)}`);
  assert.match(refreshCookie ?? '', /;\s*HttpOnly/i);
});

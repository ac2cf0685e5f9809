import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { FusionAuthClient } from '@fusionauth/typescript-client';
import type { FusionAuthTarget } from '../support/fusionauth-target.ts';
import {
  assertFieldError,
  createApplication,
  logIn,
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

/** A fresh user with one login session, so that each test owns its tokens. */
async function session() {
  const user = await registerUser(target, applicationId);
  const login = await logIn(target, user, applicationId);
  return {
    user,
    refreshToken: login.refreshToken ?? '',
    refreshTokenId: login.refreshTokenId ?? '',
    token: login.token ?? '',
  };
}

async function assertRevoked(refreshToken: string): Promise<void> {
  const { statusCode, errors } = await rejection(client.exchangeRefreshTokenForJWT({ refreshToken }));
  assert.equal(statusCode, 400);
  assertFieldError(errors, 'refreshToken', '[invalid]refreshToken');
}

async function assertUsable(refreshToken: string): Promise<void> {
  assert.equal((await client.exchangeRefreshTokenForJWT({ refreshToken })).statusCode, 200);
}

test('a refresh token is reusable and keeps its refreshTokenId', async () => {
  const { refreshToken, refreshTokenId, token } = await session();
  for (let i = 0; i < 2; i++) {
    const { statusCode, response } = await client.exchangeRefreshTokenForJWT({ refreshToken });
    assert.equal(statusCode, 200);
    assert.equal(typeof response.token, 'string');
    assert.notEqual(response.token, token);
    assert.equal(response.refreshToken, refreshToken);
    assert.equal(response.refreshTokenId, refreshTokenId);
    assert.equal(
      (response as Record<string, unknown>).tokenExpirationInstant,
      undefined,
      'the refresh API sends no expiry',
    );
  }
});

test('an unknown refresh token is a 400 [invalid]refreshToken', async () => {
  await assertRevoked('not-a-refresh-token');
  const raw = await send(target, 'POST', '/api/jwt/refresh', {
    authorization: null,
    body: { refreshToken: randomUUID() },
  });
  assert.equal(raw.status, 400);
  assert.ok(raw.json<object>());
});

test("a user's refresh tokens are listed by userId", async () => {
  const { user, refreshTokenId, refreshToken } = await session();
  const { statusCode, response } = await client.retrieveRefreshTokens(user.id);

  assert.equal(statusCode, 200);
  const listed = response.refreshTokens?.find((t) => t.id === refreshTokenId);
  assert.ok(listed, `${refreshTokenId} in ${JSON.stringify(response)}`);
  assert.equal(listed.userId, user.id);
  assert.equal(listed.applicationId, applicationId);
  assert.equal(listed.token, refreshToken);
  assert.equal(typeof listed.insertInstant, 'number');
  assert.equal(typeof listed.startInstant, 'number');
});

test('one refresh token is retrieved by its id, and an unknown id is an empty 404', async () => {
  const { user, refreshTokenId } = await session();
  const { statusCode, response } = await client.retrieveRefreshTokenById(refreshTokenId);
  assert.equal(statusCode, 200);
  assert.equal(response.refreshToken?.id, refreshTokenId);
  assert.equal(response.refreshToken?.userId, user.id);
  assert.match(response.refreshToken?.id ?? '', UUID_PATTERN);

  const raw = await send(target, 'GET', `/api/jwt/refresh/${randomUUID()}`);
  assert.equal(raw.status, 404);
  assert.equal(raw.text, '');
});

test('DELETE /api/jwt/refresh/{id} revokes that token only', async () => {
  const { user, refreshToken, refreshTokenId } = await session();
  const other = await logIn(target, user, applicationId);
  assert.equal((await client.revokeRefreshTokenById(refreshTokenId)).statusCode, 200);

  await assertRevoked(refreshToken);
  assert.deepEqual(await rejection(client.retrieveRefreshTokenById(refreshTokenId)), {
    statusCode: 404,
    errors: undefined,
  });
  await assertUsable(other.refreshToken ?? '');
});

test('DELETE /api/jwt/refresh?token= revokes that token', async () => {
  const { refreshToken } = await session();
  assert.equal((await client.revokeRefreshTokenByToken(refreshToken)).statusCode, 200);
  await assertRevoked(refreshToken);
});

test('DELETE /api/jwt/refresh?userId= revokes every token of the user', async () => {
  const { user, refreshToken } = await session();
  const second = await logIn(target, user, applicationId);
  const bystander = await session();
  assert.equal((await client.revokeRefreshTokensByUserId(user.id)).statusCode, 200);

  await assertRevoked(refreshToken);
  await assertRevoked(second.refreshToken ?? '');
  assert.deepEqual((await client.retrieveRefreshTokens(user.id)).response.refreshTokens ?? [], []);
  await assertUsable(bystander.refreshToken);
});

test("DELETE /api/jwt/refresh?userId=&applicationId= revokes the user's tokens for that application only", async () => {
  const otherApplicationId = await createApplication(target);
  const { user, refreshToken } = await session();
  await client.register(user.id, { registration: { applicationId: otherApplicationId } });
  const elsewhere = await logIn(target, user, otherApplicationId);
  assert.equal((await client.revokeRefreshTokensByUserIdForApplication(user.id, applicationId)).statusCode, 200);

  await assertRevoked(refreshToken);
  await assertUsable(elsewhere.refreshToken ?? '');
});

test('DELETE /api/jwt/refresh?applicationId= revokes every token of the application', async () => {
  const doomedApplicationId = await createApplication(target);
  const first = await registerUser(target, doomedApplicationId);
  const second = await registerUser(target, doomedApplicationId);
  const tokens = [await logIn(target, first, doomedApplicationId), await logIn(target, second, doomedApplicationId)];
  const bystander = await session();
  assert.equal((await client.revokeRefreshTokensByApplicationId(doomedApplicationId)).statusCode, 200);

  for (const { refreshToken } of tokens) await assertRevoked(refreshToken ?? '');
  await assertUsable(bystander.refreshToken);
});

test('DELETE /api/jwt/refresh with no parameter is a 400 [invalid]', async () => {
  const raw = await send(target, 'DELETE', '/api/jwt/refresh');
  assert.equal(raw.status, 400);
  const errors = raw.json<{ generalErrors?: { code: string }[] }>();
  assert.equal(errors.generalErrors?.[0]?.code, '[invalid]');
});

test('GET /api/jwt/validate answers 200 with the claims of a good token and an empty 401 otherwise', async () => {
  const { user, token } = await session();
  const { statusCode, response } = await client.validateJWT(token);
  assert.equal(statusCode, 200);
  assert.equal(response.jwt?.sub, user.id);
  assert.equal(response.jwt?.applicationId, applicationId);

  for (const bad of ['not-a-jwt', `${token.slice(0, -4)}AAAA`]) {
    const raw = await send(target, 'GET', '/api/jwt/validate', { authorization: `Bearer ${bad}` });
    assert.equal(raw.status, 401, bad);
    assert.equal(raw.text, '');
  }
  assert.equal((await send(target, 'GET', '/api/jwt/validate', { authorization: null })).status, 401);
});

test('POST /api/logout revokes the one refresh token it is given', async () => {
  const { user, refreshToken } = await session();
  const other = await logIn(target, user, applicationId);
  const { statusCode } = await client.logoutWithRequest({ global: false, refreshToken });

  assert.equal(statusCode, 200);
  await assertRevoked(refreshToken);
  await assertUsable(other.refreshToken ?? '');
});

test('POST /api/logout with global:true revokes every refresh token of the owner', async () => {
  const { user, refreshToken } = await session();
  const other = await logIn(target, user, applicationId);
  assert.equal((await client.logoutWithRequest({ global: true, refreshToken })).statusCode, 200);

  await assertRevoked(refreshToken);
  await assertRevoked(other.refreshToken ?? '');
});

test("the TS client's logout(), query parameters sent as text/plain, revokes the token", async () => {
  const { user, refreshToken } = await session();
  const other = await logIn(target, user, applicationId);
  assert.equal((await client.logout(false, refreshToken)).statusCode, 200);
  await assertRevoked(refreshToken);
  await assertUsable(other.refreshToken ?? '');

  assert.equal((await client.logout(true, other.refreshToken ?? '')).statusCode, 200);
  await assertRevoked(other.refreshToken ?? '');
});

test('POST /api/logout with an unknown or no refresh token is still a 200', async () => {
  assert.equal((await client.logoutWithRequest({ global: false, refreshToken: randomUUID() })).statusCode, 200);
  const raw = await send(target, 'POST', '/api/logout', { authorization: null, body: {} });
  assert.equal(raw.status, 200);
});

test('DELETE /api/jwt/refresh with a JSON body {token} revokes that token', async () => {
  const { refreshToken } = await session();
  assert.equal((await client.revokeRefreshTokensWithRequest({ token: refreshToken })).statusCode, 200);
  await assertRevoked(refreshToken);
});

test('a refresh_token cookie beats the body of POST /api/jwt/refresh', async () => {
  const { refreshToken, refreshTokenId } = await session();
  const raw = await send(target, 'POST', '/api/jwt/refresh', {
    authorization: null,
    headers: { cookie: `refresh_token=${encodeURIComponent(refreshToken)}` },
    body: { refreshToken: 'not-a-refresh-token' },
  });
  assert.equal(raw.status, 200);
  assert.equal(raw.json<{ refreshTokenId: string }>().refreshTokenId, refreshTokenId);
});

test('POST /api/logout revokes the refresh token of the refresh_token cookie', async () => {
  const { refreshToken } = await session();
  const raw = await send(target, 'POST', '/api/logout', {
    authorization: null,
    headers: { cookie: `refresh_token=${encodeURIComponent(refreshToken)}` },
  });
  assert.equal(raw.status, 200);
  await assertRevoked(refreshToken);
});

test("a user revokes its own refresh token with its access token, and someone else's is an empty 404", async () => {
  const mine = await session();
  const theirs = await session();
  const foreign = await send(target, 'DELETE', `/api/jwt/refresh/${theirs.refreshTokenId}`, {
    authorization: `Bearer ${mine.token}`,
  });
  assert.equal(foreign.status, 404);
  assert.equal(foreign.text, '');
  await assertUsable(theirs.refreshToken);

  const own = await send(target, 'DELETE', `/api/jwt/refresh/${mine.refreshTokenId}`, {
    authorization: `Bearer ${mine.token}`,
  });
  assert.equal(own.status, 200);
  await assertRevoked(mine.refreshToken);
});

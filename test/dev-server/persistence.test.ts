import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { isRealFusionAuth, startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { apiClient, createApplication, logIn, registerUser, send, type TestUser } from './contract.ts';

const devServerOnly = { skip: isRealFusionAuth() && 'the suite cannot restart a real FusionAuth' };
let target: FusionAuthTarget;
let applicationId: string;
let user: TestUser;
let beforeRestart: { token: string; refreshToken: string; refreshTokenId: string; revokedRefreshToken: string };

async function jwks(): Promise<JSONWebKeySet> {
  return (await send(target, 'GET', '/.well-known/jwks.json', { authorization: null })).json<JSONWebKeySet>();
}

before(async () => {
  if (isRealFusionAuth()) return;
  target = await startFusionAuthTarget({ persistent: true });
  applicationId = await createApplication(target, 900);
  user = await registerUser(target, applicationId, ['admin']);
  const login = await logIn(target, user, applicationId);
  const revoked = await logIn(target, user, applicationId);
  await apiClient(target).revokeRefreshTokenById(revoked.refreshTokenId ?? '');
  beforeRestart = {
    token: login.token ?? '',
    refreshToken: login.refreshToken ?? '',
    refreshTokenId: login.refreshTokenId ?? '',
    revokedRefreshToken: revoked.refreshToken ?? '',
  };
  await target.restart?.();
});
after(() => target?.close());

test('after a restart the user and its registration are still there', devServerOnly, async () => {
  const { response } = await apiClient(target).retrieveUser(user.id);
  assert.equal(response.user?.email, user.email);
  assert.deepEqual(response.user?.registrations?.map((r) => [r.applicationId, r.roles]), [[applicationId, ['admin']]]);
});

test('after a restart the user logs in with the same password and the application keeps its token lifetime', devServerOnly, async () => {
  const login = await logIn(target, user, applicationId);
  const { payload } = await jwtVerify(login.token ?? '', createLocalJWKSet(await jwks()));
  assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 900);
});

test('after a restart a refresh token still refreshes under the same id, and a revoked one stays revoked', devServerOnly, async () => {
  const client = apiClient(target);
  const { response } = await client.exchangeRefreshTokenForJWT({ refreshToken: beforeRestart.refreshToken });
  assert.equal(response.refreshTokenId, beforeRestart.refreshTokenId);
  assert.equal((await client.retrieveRefreshTokenById(beforeRestart.refreshTokenId)).statusCode, 200);

  const raw = await send(target, 'POST', '/api/jwt/refresh', { authorization: null, body: { refreshToken: beforeRestart.revokedRefreshToken } });
  assert.equal(raw.status, 400);
});

test('a token signed before the restart still verifies with the JWKS after it', devServerOnly, async () => {
  const { payload } = await jwtVerify(beforeRestart.token, createLocalJWKSet(await jwks()));
  assert.equal(payload.sub, user.id);
  assert.equal((await apiClient(target).validateJWT(beforeRestart.token)).statusCode, 200);
});

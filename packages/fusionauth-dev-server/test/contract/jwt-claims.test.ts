import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { FusionAuthClient } from '@fusionauth/typescript-client';
import type { FusionAuthTarget } from '../support/fusionauth-target.ts';
import {
  createApplication,
  createUser,
  logIn,
  PASSWORD,
  registerUser,
  send,
  startWithApplication,
  UUID_PATTERN,
} from './contract.ts';

let target: FusionAuthTarget;
let client: FusionAuthClient;
let applicationId: string;

before(async () => ({ target, client, applicationId } = await startWithApplication()));
after(() => target?.close());

/** The issuer tokens must carry: the dev server's URL, or the tenant's configured issuer on a real FusionAuth. */
async function expectedIssuer(tenantId: string): Promise<string> {
  if (target.isDevServer) return target.url;
  return (await client.retrieveTenant(tenantId)).response.tenant?.issuer ?? '';
}

/** Verifies a token's RS256 signature against the published JWKS, as a resource server would. */
async function verify(token: string): Promise<JWTPayload> {
  const jwks = await send(target, 'GET', '/.well-known/jwks.json', { authorization: null });
  assert.equal(jwks.status, 200);
  const { payload } = await jwtVerify(token, createLocalJWKSet(jwks.json<JSONWebKeySet>()), { algorithms: ['RS256'] });
  return payload;
}

const nowInSeconds = () => Math.floor(Date.now() / 1000);

test('the JWKS publishes RSA public keys only, unauthenticated', async () => {
  const raw = await send(target, 'GET', '/.well-known/jwks.json', { authorization: null });
  assert.equal(raw.status, 200);
  const { keys } = raw.json<JSONWebKeySet>();
  assert.ok(keys.length > 0);
  for (const key of keys) {
    assert.equal(key.kty, 'RSA');
    assert.equal(typeof key.kid, 'string');
    assert.ok(key.n && key.e);
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'])
      assert.equal((key as Record<string, unknown>)[secret], undefined, secret);
  }
});

test("a login token is an RS256 JWT with a kid, verified by the JWKS, with all of FusionAuth's claims", async () => {
  const user = await registerUser(target, applicationId);
  const loginStartedAt = nowInSeconds();
  const login = await logIn(target, user, applicationId);
  const token = login.token ?? '';

  const header = decodeProtectedHeader(token);
  assert.equal(header.alg, 'RS256');
  assert.equal(typeof header.kid, 'string');
  const claims = await verify(token);
  assert.equal(claims.aud, applicationId);
  assert.equal(claims.iss, await expectedIssuer(login.user?.tenantId ?? ''));
  assert.equal(claims.sub, user.id);
  assert.match(String(claims.jti), UUID_PATTERN);
  assert.equal(claims.authenticationType, 'PASSWORD');
  assert.equal(claims.email, user.email);
  assert.equal(claims.email_verified, login.user?.verified);
  assert.equal(claims.applicationId, applicationId);
  assert.deepEqual(claims.roles, ['user']);
  assert.equal(claims.sid, login.refreshTokenId);
  assert.equal(claims.tid, login.user?.tenantId);
  for (const name of ['iat', 'auth_time'] as const) {
    const value = Number(claims[name]);
    assert.ok(value >= loginStartedAt - 5 && value <= nowInSeconds() + 5, `${name} in epoch seconds, got ${value}`);
  }
  assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 3600, "the application's timeToLiveInSeconds");
  assert.equal(login.tokenExpirationInstant, (claims.exp ?? 0) * 1000);
});

test('each token has its own jti', async () => {
  const user = await registerUser(target, applicationId);
  const first = await verify((await logIn(target, user, applicationId)).token ?? '');
  const second = await verify((await logIn(target, user, applicationId)).token ?? '');
  assert.notEqual(first.jti, second.jti);
});

test("the roles claim follows the registration's roles", async () => {
  const user = await registerUser(target, applicationId, ['admin', 'user']);
  const claims = await verify((await logIn(target, user, applicationId)).token ?? '');
  assert.deepEqual([...(claims.roles as string[])].sort(), ['admin', 'user']);
});

test('the token of a user not registered for the application has no applicationId and no roles, and still verifies', async () => {
  const user = await createUser(target);
  const { statusCode, response } = await client.login({ loginId: user.email, password: PASSWORD, applicationId });
  assert.equal(statusCode, 202);
  const claims = await verify(response.token ?? '');
  assert.equal(claims.sub, user.id);
  assert.equal(claims.applicationId, undefined);
  assert.equal(claims.roles, undefined);
});

test('a refreshed token keeps the session id and says REFRESH_TOKEN', async () => {
  const user = await registerUser(target, applicationId);
  const login = await logIn(target, user, applicationId);
  const refreshed = await client.exchangeRefreshTokenForJWT({ refreshToken: login.refreshToken ?? '' });

  const claims = await verify(refreshed.response.token ?? '');
  assert.equal(claims.sub, user.id);
  assert.equal(claims.sid, login.refreshTokenId);
  assert.equal(claims.applicationId, applicationId);
  assert.deepEqual(claims.roles, ['user']);
  assert.equal(claims.authenticationType, 'REFRESH_TOKEN');
  assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 3600);
});

test("/api/jwt/validate returns the token's claims", async () => {
  const user = await registerUser(target, applicationId);
  const { token } = await logIn(target, user, applicationId);
  const claims = await verify(token ?? '');
  const { response } = await client.validateJWT(token ?? '');
  assert.deepEqual(response.jwt, claims);
});

test("a PATCH of the application's timeToLiveInSeconds sets the lifetime of the next tokens", async () => {
  const shortLivedApplicationId = await createApplication(target);
  const patched = await client.patchApplication(shortLivedApplicationId, {
    application: { jwtConfiguration: { timeToLiveInSeconds: 600 } },
  });
  assert.equal(patched.response.application?.jwtConfiguration?.timeToLiveInSeconds, 600);
  assert.equal(patched.response.application?.jwtConfiguration?.enabled, true, 'a PATCH keeps what it does not name');

  const user = await registerUser(target, shortLivedApplicationId);
  const login = await logIn(target, user, shortLivedApplicationId);
  const claims = await verify(login.token ?? '');
  assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 600);
  assert.ok(Math.abs((login.tokenExpirationInstant ?? 0) - (Date.now() + 600_000)) < 60_000);
});

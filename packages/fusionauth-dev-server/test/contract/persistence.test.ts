import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { Browser, submitHostedForm } from 'fusionauth-dev-server/testing';
import {
  isRealFusionAuth,
  KICKSTART,
  startFusionAuthTarget,
  type FusionAuthTarget,
} from '../support/fusionauth-target.ts';
import { WebAuthnWorkflow } from '@fusionauth/typescript-client';
import { SoftwareAuthenticator } from '../../src/testing/software-authenticator.ts';
import { apiClient, createApplication, logIn, registerUser, send, type TestUser } from './contract.ts';

const devServerOnly = { skip: isRealFusionAuth() && 'the suite cannot restart a real FusionAuth' };
let target: FusionAuthTarget;
let applicationId: string;
let user: TestUser;
let beforeRestart: { token: string; refreshToken: string; refreshTokenId: string; revokedRefreshToken: string };
/** A browser signed in on the hosted login page before the restart: it holds an SSO session. */
let hostedBrowser: Browser;
/** A passkey of `user`, registered before the restart. */
const passkey = new SoftwareAuthenticator();
const PASSKEY_PAGE = { origin: 'http://localhost:8000', rpId: 'localhost' };

/** An authorization request of the kickstart application, for the hosted pages. */
function authorizeUrl(): string {
  const query = new URLSearchParams({
    client_id: KICKSTART.applicationId,
    redirect_uri: 'http://localhost:8000/oauth-callback',
    response_type: 'code',
    scope: 'openid',
    code_challenge: 'A'.repeat(43),
    code_challenge_method: 'S256',
  });
  return `/oauth2/authorize?${query.toString()}`;
}

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
  await registerPasskey();
  const hostedUser = await registerUser(target, KICKSTART.applicationId);
  hostedBrowser = new Browser(target.url);
  await submitHostedForm(
    hostedBrowser,
    await hostedBrowser.get(authorizeUrl()),
    { loginId: hostedUser.email, password: hostedUser.password },
    { follow: false },
  );
  await target.restart?.();
});
after(() => target?.close());

async function registerPasskey(): Promise<void> {
  const client = apiClient(target);
  await client.patchTenant(target.tenantId ?? '', {
    tenant: { webAuthnConfiguration: { enabled: true, bootstrapWorkflow: { enabled: true } } },
  });
  const start = await client.startWebAuthnRegistration({
    userId: user.id,
    displayName: 'Key',
    workflow: WebAuthnWorkflow.bootstrap,
  });
  const credential = passkey.register({ challenge: start.response.options?.challenge ?? '', ...PASSKEY_PAGE });
  await client.completeWebAuthnRegistration({ userId: user.id, credential });
}

test('after a restart the user and its registration are still there', devServerOnly, async () => {
  const { response } = await apiClient(target).retrieveUser(user.id);
  assert.equal(response.user?.email, user.email);
  assert.deepEqual(
    response.user?.registrations?.map((r) => [r.applicationId, r.roles]),
    [[applicationId, ['admin']]],
  );
});

test(
  'after a restart the user logs in with the same password and the application keeps its token lifetime',
  devServerOnly,
  async () => {
    const login = await logIn(target, user, applicationId);
    const { payload } = await jwtVerify(login.token ?? '', createLocalJWKSet(await jwks()));
    assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 900);
  },
);

test(
  'after a restart a refresh token still refreshes under the same id, and a revoked one stays revoked',
  devServerOnly,
  async () => {
    const client = apiClient(target);
    const { response } = await client.exchangeRefreshTokenForJWT({ refreshToken: beforeRestart.refreshToken });
    assert.equal(response.refreshTokenId, beforeRestart.refreshTokenId);
    assert.equal((await client.retrieveRefreshTokenById(beforeRestart.refreshTokenId)).statusCode, 200);

    const raw = await send(target, 'POST', '/api/jwt/refresh', {
      authorization: null,
      body: { refreshToken: beforeRestart.revokedRefreshToken },
    });
    assert.equal(raw.status, 400);
  },
);

test('a token signed before the restart still verifies with the JWKS after it', devServerOnly, async () => {
  const { payload } = await jwtVerify(beforeRestart.token, createLocalJWKSet(await jwks()));
  assert.equal(payload.sub, user.id);
  assert.equal((await apiClient(target).validateJWT(beforeRestart.token)).statusCode, 200);
});

test(
  "after a restart the hosted login's SSO session still signs its browser in without the form",
  devServerOnly,
  async () => {
    const page = await hostedBrowser.get(new URL(authorizeUrl(), target.url).href, { follow: false });
    assert.equal(page.status, 302);
    assert.ok(new URL(page.headers.get('location') ?? '').searchParams.get('code'));
  },
);

test('after a restart a passkey registered before it still signs its user in', devServerOnly, async () => {
  const start = await apiClient(target).startWebAuthnLogin({
    applicationId,
    userId: user.id,
    workflow: WebAuthnWorkflow.bootstrap,
  });
  const credential = passkey.assert({ challenge: start.response.options?.challenge ?? '', ...PASSKEY_PAGE });
  const response = await send(target, 'POST', '/api/webauthn/login', { authorization: null, body: { credential } });
  assert.equal(response.status, 200, response.text);
});

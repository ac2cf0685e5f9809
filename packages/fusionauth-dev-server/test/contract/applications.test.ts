import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { decodeJwt, type JSONWebKeySet } from 'jose';
import { KeyAlgorithm, type Application, type FusionAuthClient } from '@fusionauth/typescript-client';
import { isRealFusionAuth, startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { apiClient, createApplication, logIn, registerUser, send } from './contract.ts';

let target: FusionAuthTarget;
let client: FusionAuthClient;

before(async () => {
  target = await startFusionAuthTarget();
  client = apiClient(target);
});
after(() => target?.close());

test('an application created with an id is retrieved with its roles and configurations', async () => {
  const applicationId = await createApplication(target, 1200);
  const { statusCode, response } = await client.retrieveApplication(applicationId);

  assert.equal(statusCode, 200);
  const application = response.application as Application;
  assert.equal(application.id, applicationId);
  assert.deepEqual(application.roles?.map((r) => [r.name, r.isDefault ?? false]).sort(), [
    ['admin', false],
    ['user', true],
  ]);
  assert.equal(application.jwtConfiguration?.timeToLiveInSeconds, 1200);
  assert.equal(application.jwtConfiguration?.enabled, true);
  assert.equal(application.loginConfiguration?.generateRefreshTokens, true);
});

test('an unknown application is an empty 404', async () => {
  const raw = await send(target, 'GET', `/api/application/${randomUUID()}`);
  assert.equal(raw.status, 404);
  assert.equal(raw.text, '');
});

test('a generated RS256 key is published in the JWKS under its kid', async () => {
  const { response } = await client.generateKey(randomUUID(), {
    key: { algorithm: KeyAlgorithm.RS256, name: `contract ${randomUUID()}`, length: 2048 },
  });
  assert.equal(response.key?.algorithm, 'RS256');
  assert.equal(typeof response.key?.kid, 'string');

  const jwks = (await send(target, 'GET', '/.well-known/jwks.json', { authorization: null })).json<JSONWebKeySet>();
  assert.ok(
    jwks.keys.some((key) => key.kid === response.key?.kid),
    `kid ${response.key?.kid} in the JWKS`,
  );
});

test(
  "a PATCH of the tenant's issuer changes the iss of the next tokens",
  { skip: isRealFusionAuth() && 'it would change the issuer of a shared tenant' },
  async () => {
    // A server of its own: the tenant is shared by every test of a file.
    const own = await startFusionAuthTarget();
    try {
      const applicationId = await createApplication(own);
      const user = await registerUser(own, applicationId);
      const tenantId = user.user.tenantId ?? '';
      const { statusCode } = await apiClient(own).patchTenant(tenantId, {
        tenant: { issuer: 'https://issuer.example' },
      });
      assert.equal(statusCode, 200);
      assert.equal((await apiClient(own).retrieveTenant(tenantId)).response.tenant?.issuer, 'https://issuer.example');
      assert.equal(decodeJwt((await logIn(own, user, applicationId)).token ?? '').iss, 'https://issuer.example');
    } finally {
      await own.close();
    }
  },
);

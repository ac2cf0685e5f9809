import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HTTPMethod, type FusionAuthClient, type SystemConfiguration } from '@fusionauth/typescript-client';
import { isRealFusionAuth, startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { apiClient, assertFieldError, rejection, send, UNCONFIRMED_CODES } from './contract.ts';

let target: FusionAuthTarget;
let client: FusionAuthClient;
let original: SystemConfiguration;
const SPA = 'http://localhost:3000';

before(async () => {
  target = await startFusionAuthTarget();
  client = apiClient(target);
  original = (await client.retrieveSystemConfiguration()).response.systemConfiguration ?? {};
});
after(async () => {
  await client?.updateSystemConfiguration({ systemConfiguration: original });
  await target?.close();
});

async function setCors(corsConfiguration: SystemConfiguration['corsConfiguration']): Promise<void> {
  await client.patchSystemConfiguration({ systemConfiguration: { corsConfiguration } });
}

function preflight(path: string, origin: string, method: string, headers = 'authorization,content-type') {
  return send(target, 'OPTIONS', path, {
    authorization: null,
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });
}

test('the system configuration has its CORS settings, off by default, and an update keeps what it is sent', async () => {
  const cors = original.corsConfiguration;
  assert.ok(Array.isArray(cors?.allowedMethods));
  assert.ok(cors?.allowedHeaders?.includes('Authorization'));
  if (!isRealFusionAuth()) assert.equal(cors?.enabled, false, 'a fresh FusionAuth has the CORS filter off');

  // What FusionAuth's TypeScript client suite does before every test: add PATCH to the allowed methods.
  const methods = [...(cors?.allowedMethods ?? [])].filter((method) => method !== HTTPMethod.PATCH);
  const updated = await client.updateSystemConfiguration({
    systemConfiguration: {
      ...original,
      corsConfiguration: { ...cors, allowedMethods: [...methods, HTTPMethod.PATCH] },
    },
  });
  assert.ok(updated.response.systemConfiguration?.corsConfiguration?.allowedMethods?.includes(HTTPMethod.PATCH));
  const patched = await client.patchSystemConfiguration({ systemConfiguration: { reportTimezone: 'Europe/Paris' } });
  assert.equal(patched.response.systemConfiguration?.reportTimezone, 'Europe/Paris');
  assert.ok(
    patched.response.systemConfiguration?.corsConfiguration?.allowedMethods?.includes(HTTPMethod.PATCH),
    'a patch keeps the rest',
  );
});

test('with the CORS filter off, another origin gets no Access-Control-Allow-Origin', async () => {
  await setCors({ enabled: false });
  const answer = await preflight('/api/user', SPA, 'GET');
  assert.equal(answer.headers.get('access-control-allow-origin'), null);
  const status = await send(target, 'GET', '/api/status', { headers: { origin: SPA } });
  assert.equal(status.headers.get('access-control-allow-origin'), null);
});

test("with the CORS filter on, an allowed origin gets FusionAuth's Access-Control headers on the APIs and hosted pages", async () => {
  await setCors({
    enabled: true,
    allowCredentials: true,
    allowedOrigins: [SPA],
    allowedMethods: [HTTPMethod.GET, HTTPMethod.POST, HTTPMethod.PATCH, HTTPMethod.OPTIONS],
    allowedHeaders: ['Authorization', 'Content-Type'],
    exposedHeaders: ['Content-Type'],
    preflightMaxAgeInSeconds: 600,
  });
  try {
    const allowed = await preflight('/api/user', SPA, 'PATCH');
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), SPA);
    assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
    assert.match(allowed.headers.get('access-control-allow-methods') ?? '', /PATCH/);
    assert.equal(allowed.headers.get('access-control-max-age'), '600');

    const actual = await send(target, 'GET', '/api/status', { headers: { origin: SPA } });
    assert.equal(actual.headers.get('access-control-allow-origin'), SPA);
    assert.equal(actual.headers.get('access-control-expose-headers'), 'Content-Type');
    const hosted = await send(target, 'GET', '/.well-known/openid-configuration', { headers: { origin: SPA } });
    assert.equal(hosted.headers.get('access-control-allow-origin'), SPA);

    for (const refused of [
      await preflight('/api/user', 'http://localhost:4000', 'GET'),
      await preflight('/api/user', SPA, 'DELETE'),
      await preflight('/api/user', SPA, 'GET', 'x-unlisted'),
    ]) {
      assert.notEqual(refused.status, 200);
      assert.equal(refused.headers.get('access-control-allow-origin'), null);
    }
    const sameOrigin = await send(target, 'GET', '/api/status', { headers: { origin: target.url } });
    assert.equal(sameOrigin.status, 200, 'a same-origin request is not CORS');
  } finally {
    await setCors({ enabled: false });
  }
});

test('a CORS configuration FusionAuth would refuse is a 400 naming the field', UNCONFIRMED_CODES, async () => {
  const path = 'systemConfiguration.corsConfiguration';
  const wildcard = await rejection(
    client.patchSystemConfiguration({ systemConfiguration: { corsConfiguration: { allowedOrigins: ['*', SPA] } } }),
  );
  assert.equal(wildcard.statusCode, 400);
  assertFieldError(wildcard.errors, `${path}.allowedOrigins`, `[invalid]${path}.allowedOrigins`);
  const method = await send(target, 'PATCH', '/api/system-configuration', {
    body: { systemConfiguration: { corsConfiguration: { allowedMethods: ['FETCH'] } } },
  });
  assert.equal(method.status, 400, method.text);
  assertFieldError(method.json(), `${path}.allowedMethods`, `[invalid]${path}.allowedMethods`);
});

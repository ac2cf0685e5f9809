import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { apiClient, createUser, rejection, send, uniqueEmail } from './contract.ts';

let target: FusionAuthTarget;

before(async () => {
  target = await startFusionAuthTarget();
});
after(() => target?.close());

test('GET /api/status answers 200 once the server is ready, with no API key', async () => {
  const raw = await send(target, 'GET', '/api/status', { authorization: null });
  assert.equal(raw.status, 200);
});

test('a request without an Authorization header is an empty 401', async () => {
  const { id } = await createUser(target);
  const raw = await send(target, 'GET', `/api/user/${id}`, { authorization: null });
  assert.equal(raw.status, 401);
  assert.equal(raw.text, '');
});

test('a wrong API key is an empty 401', async () => {
  const { id } = await createUser(target);
  const raw = await send(target, 'GET', `/api/user/${id}`, { authorization: randomUUID() });
  assert.equal(raw.status, 401);
  assert.equal(raw.text, '');
  assert.deepEqual(await rejection(apiClient(target, randomUUID()).retrieveUser(id)), {
    statusCode: 401,
    errors: undefined,
  });
});

test('the API key behind a Bearer prefix is not an API key', async () => {
  const { id } = await createUser(target);
  const raw = await send(target, 'GET', `/api/user/${id}`, { authorization: `Bearer ${target.apiKey}` });
  assert.equal(raw.status, 401);
  assert.equal(raw.text, '');
});

test('an unknown user id is an empty 404', async () => {
  const raw = await send(target, 'GET', `/api/user/${randomUUID()}`);
  assert.equal(raw.status, 404);
  assert.equal(raw.text, '');
  assert.deepEqual(await rejection(apiClient(target).retrieveUser(randomUUID())), {
    statusCode: 404,
    errors: undefined,
  });
});

test('X-FusionAuth-TenantId places a new user in that tenant and scopes lookups by email to it', async () => {
  const { user } = await createUser(target);
  const tenantId = user.tenantId;
  assert.ok(tenantId, 'a user carries its tenantId');

  const email = uniqueEmail('tenant');
  const created = await send(target, 'POST', '/api/user', {
    headers: { 'x-fusionauth-tenantid': tenantId },
    body: { user: { email, password: 'correct-horse-battery' } },
  });
  assert.equal(created.status, 200);
  assert.equal(created.json<{ user: { tenantId: string } }>().user.tenantId, tenantId);

  const found = await send(target, 'GET', `/api/user?email=${encodeURIComponent(email)}`, {
    headers: { 'x-fusionauth-tenantid': tenantId },
  });
  assert.equal(found.status, 200);
  assert.equal(found.json<{ user: { email: string } }>().user.email, email);

  // FusionAuth treats an unknown tenant as not found: a 404 or a validation error, never the user.
  const elsewhere = await send(target, 'GET', `/api/user?email=${encodeURIComponent(email)}`, {
    headers: { 'x-fusionauth-tenantid': randomUUID() },
  });
  assert.ok(elsewhere.status === 404 || elsewhere.status === 400, `404 or 400, got ${elsewhere.status}`);
  if (elsewhere.status === 404) assert.equal(elsewhere.text, '');
  else assert.ok(elsewhere.json<object>());
});

test('every API-key endpoint answers an empty 401 without the key', async () => {
  const { id } = await createUser(target);
  const applicationId = randomUUID();
  const endpoints: [method: string, path: string, body?: unknown][] = [
    ['GET', `/api/user/${id}`],
    ['GET', `/api/user?email=${encodeURIComponent(uniqueEmail())}`],
    ['POST', '/api/user', { user: { email: uniqueEmail(), password: 'correct-horse-battery' } }],
    ['PUT', `/api/user/${id}`, { user: { email: uniqueEmail() } }],
    ['PATCH', `/api/user/${id}`, { user: { firstName: 'Eve' } }],
    ['DELETE', `/api/user/${id}`],
    ['POST', '/api/user/search', { search: { ids: [id] } }],
    [
      'POST',
      '/api/user/registration',
      { user: { email: uniqueEmail(), password: 'correct-horse-battery' }, registration: { applicationId } },
    ],
    ['GET', `/api/user/registration/${id}/${applicationId}`],
    ['DELETE', `/api/user/registration/${id}/${applicationId}`],
    ['GET', `/api/jwt/refresh?userId=${id}`],
    ['GET', `/api/jwt/refresh/${randomUUID()}`],
    ['DELETE', `/api/jwt/refresh?userId=${id}`],
    ['GET', `/api/application/${applicationId}`],
    ['POST', `/api/application/${applicationId}`, { application: { name: 'intruder' } }],
  ];
  for (const [method, path, body] of endpoints) {
    const raw = await send(target, method, path, { authorization: null, ...(body === undefined ? {} : { body }) });
    assert.equal(raw.status, 401, `${method} ${path}`);
    assert.equal(raw.text, '', `${method} ${path}`);
  }
  assert.equal((await apiClient(target).retrieveUser(id)).response.user?.active, true, 'nothing was changed');
});

// node:test: a fresh dev server for this file, in memory, on a free port; reset to the kickstart after each test.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FusionAuthClient } from '@fusionauth/typescript-client';
import { startDevServer } from 'fusionauth-dev-server';

let server;
let client;
before(async () => {
  server = await startDevServer({
    port: 0,
    dataDir: 'memory',
    kickstartFile: fileURLToPath(new URL('../kickstart.json', import.meta.url)),
    passwordFactor: 1000, // fast password hashes: tests need no real work factor
  });
  client = new FusionAuthClient(server.apiKey, server.url);
});
afterEach(() => server.reset());
after(() => server.close());

test('the kickstart user signs in', async () => {
  const login = await client.login({
    loginId: 'ada@example.com',
    password: 'correct horse battery',
    applicationId: server.applicationId,
  });
  assert.equal(login.statusCode, 200);
  assert.ok(login.response.token);
});

test('a user created by one test is gone in the next', async () => {
  await client.createUser(null, { user: { email: 'grace@example.com', password: 'a long password' } });
  await server.reset();
  const search = await client.retrieveUserByEmail('grace@example.com').catch((error) => error);
  assert.equal(search.statusCode, 404);
});

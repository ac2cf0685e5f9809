/**
 * Resetting between tests: `server.reset()` and `POST /dev/reset` put the state back as the kickstart left
 * it, so a suite sharing one server starts each test from the same users, without a restart.
 */
import assert from 'node:assert/strict';
import { FusionAuthClient } from '@fusionauth/typescript-client';
import { after, before, test } from 'node:test';
import { startDevServer, type DevServer } from 'fusionauth-dev-server';
import { KICKSTART } from '../support/fusionauth-target.ts';

let server: DevServer;
let client: FusionAuthClient;
before(async () => {
  server = await startDevServer({ port: 0, dataDir: 'memory', kickstartFile: KICKSTART.file, passwordFactor: 1000 });
  client = new FusionAuthClient(KICKSTART.apiKey, server.url);
});
after(() => server.close());

async function createUser(email: string): Promise<string> {
  const response = await client.createUser(null as unknown as string, { user: { email, password: 'a long password' } });
  return response.response.user?.id ?? assert.fail('no user id');
}

async function userExists(id: string): Promise<boolean> {
  const response = await fetch(`${server.url}/api/user/${id}`, { headers: { authorization: KICKSTART.apiKey } });
  return response.status === 200;
}

test('server.reset() deletes the users created since start-up and keeps the kickstart ones', async () => {
  const id = await createUser('reset-in-code@example.com');
  const richard = (await client.retrieveUserByEmail(KICKSTART.user.email)).response.user;
  await client.patchUser(richard?.id ?? '', { user: { firstName: 'Changed' } });
  await server.reset();
  assert.equal(await userExists(id), false);
  const kept = await client.retrieveUserByEmail(KICKSTART.user.email);
  assert.equal(kept.response.user?.firstName, richard?.firstName, 'the change to a kickstart user is undone');
  const login = await client.login({
    loginId: KICKSTART.user.email,
    password: KICKSTART.user.password,
    applicationId: KICKSTART.applicationId,
  });
  assert.equal(login.statusCode, 200);
});

test('POST /dev/reset needs an API key: without one it answers 401 and resets nothing', async () => {
  const id = await createUser('reset-refused@example.com');
  const refused = await fetch(`${server.url}/dev/reset`, { method: 'POST' });
  assert.equal(refused.status, 401);
  assert.equal(await userExists(id), true);
});

test('POST /dev/reset with the API key answers 204 and resets the state', async () => {
  const id = await createUser('reset-over-http@example.com');
  const reset = await fetch(`${server.url}/dev/reset`, {
    method: 'POST',
    headers: { authorization: KICKSTART.apiKey },
  });
  assert.equal(reset.status, 204);
  assert.equal(await userExists(id), false);
});

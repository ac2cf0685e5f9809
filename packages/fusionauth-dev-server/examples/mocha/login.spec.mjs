// Mocha: before/after start and stop a dev server for this file; afterEach resets it to the kickstart.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { FusionAuthClient } from '@fusionauth/typescript-client';
import { startDevServer } from 'fusionauth-dev-server';

describe('signing in against the dev server', function () {
  this.timeout(10_000);
  let server;
  let client;
  before(async () => {
    server = await startDevServer({
      port: 0,
      dataDir: 'memory',
      kickstartFile: fileURLToPath(new URL('../kickstart.json', import.meta.url)),
      passwordFactor: 1000,
    });
    client = new FusionAuthClient(server.apiKey, server.url);
  });
  afterEach(() => server.reset());
  after(() => server.close());

  it('signs the kickstart user in', async () => {
    const login = await client.login({
      loginId: 'ada@example.com',
      password: 'correct horse battery',
      applicationId: server.applicationId,
    });
    assert.equal(login.statusCode, 200);
  });

  it('refuses a wrong password with 404, as FusionAuth does', async () => {
    const login = await client
      .login({ loginId: 'ada@example.com', password: 'wrong', applicationId: server.applicationId })
      .catch((error) => error);
    assert.equal(login.statusCode, 404);
  });
});

// One suite for the dev server and a real FusionAuth: a fresh dev server on a free port, unless
// FUSIONAUTH_URL and FUSIONAUTH_API_KEY name a real one (FUSIONAUTH_APPLICATION_ID names its application).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FusionAuthClient } from '@fusionauth/typescript-client';
import { isRealFusionAuth, startFusionAuthTarget } from 'fusionauth-dev-server/testing';

let fusionAuth;
before(async () => {
  fusionAuth = await startFusionAuthTarget({
    kickstartFile: fileURLToPath(new URL('../kickstart.json', import.meta.url)),
    tenantId: '6b9f8f7e-2a1c-4f0e-9d3b-5c7a1e2d4f60', // the kickstart's defaultTenantId
  });
});
after(() => fusionAuth.close());

test('the kickstart user signs in', async () => {
  const client = new FusionAuthClient(fusionAuth.apiKey, fusionAuth.url);
  const login = await client.login({
    loginId: 'ada@example.com',
    password: 'correct horse battery',
    applicationId: fusionAuth.applicationId,
  });
  assert.equal(login.statusCode, 200);
});

test('reads the mailbox', { skip: isRealFusionAuth() && 'a real FusionAuth has no /dev/mailbox' }, async () => {
  const mailbox = await fetch(`${fusionAuth.url}/dev/mailbox`, { headers: { accept: 'application/json' } });
  assert.deepEqual(await mailbox.json(), { messages: [] });
});

// A test that knows only FUSIONAUTH_URL and FUSIONAUTH_API_KEY: it runs unchanged against a real FusionAuth.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { FusionAuthClient } from '@fusionauth/typescript-client';

const { FUSIONAUTH_URL: url, FUSIONAUTH_API_KEY: apiKey } = process.env;
const client = new FusionAuthClient(apiKey, url);

// A dev server run as a service: put its state back after each test.
afterEach(() => fetch(`${url}/dev/reset`, { method: 'POST', headers: { authorization: apiKey } }));

test('the kickstart user signs in', async () => {
  const login = await client.login({
    loginId: 'ada@example.com',
    password: 'correct horse battery',
    applicationId: '3c2b1a09-8f7e-4d6c-b5a4-938271605f4e',
  });
  assert.equal(login.statusCode, 200);
});

import { FusionAuthClient } from '@fusionauth/typescript-client';
import { afterEach, expect, inject, test } from 'vitest';

const { url, apiKey, applicationId } = inject('fusionAuth');
const client = new FusionAuthClient(apiKey, url);

// One server for every file: put its state back after each test (POST /dev/reset, with the API key).
afterEach(() => fetch(`${url}/dev/reset`, { method: 'POST', headers: { authorization: apiKey } }));

test('the kickstart user signs in', async () => {
  const login = await client.login({ loginId: 'ada@example.com', password: 'correct horse battery', applicationId });
  expect(login.statusCode).toBe(200);
});

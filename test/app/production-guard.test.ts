import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEV_FUSIONAUTH, loadConfig } from '../../src/config.ts';
import { AppError } from '../../src/errors.ts';

const READY = {
  NODE_ENV: 'production',
  APP_URL: 'https://app.example.com',
  FUSIONAUTH_URL: 'https://auth.example.com',
  FUSIONAUTH_API_KEY: 'a-real-api-key',
  FUSIONAUTH_CLIENT_ID: '0d4fc1f1-47e2-4a65-8c1c-1bdf3ee4e5a0',
  FUSIONAUTH_CLIENT_SECRET: 'a-real-secret',
  SESSION_STORE: 'redis',
};

function refusal(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof AppError && error.code === 'CONFIG_INVALID');
    return error.message;
  }
  return 'started';
}

test('a production configuration with real secrets, https and a durable store starts', () => {
  assert.equal(loadConfig(READY).production, true);
});

for (const [problem, env, variable] of [
  ['the embedded dev server', { ...READY, FUSIONAUTH_URL: undefined }, 'FUSIONAUTH_URL'],
  ['the memory store', { ...READY, SESSION_STORE: 'memory' }, 'SESSION_STORE'],
  ['the development API key', { ...READY, FUSIONAUTH_API_KEY: DEV_FUSIONAUTH.apiKey }, 'FUSIONAUTH_API_KEY'],
  [
    'the development client secret',
    { ...READY, FUSIONAUTH_CLIENT_SECRET: DEV_FUSIONAUTH.clientSecret },
    'FUSIONAUTH_CLIENT_SECRET',
  ],
  ['an http APP_URL', { ...READY, APP_URL: 'http://app.example.com' }, 'APP_URL'],
] as const) {
  test(`production refuses to start on ${problem}, naming ${variable}`, () => {
    assert.match(refusal(env), new RegExp(`^${variable}: `));
  });
}

test('an http APP_URL is accepted in production only with ALLOW_INSECURE_HTTP=true', () => {
  assert.equal(refusal({ ...READY, APP_URL: 'http://app.example.com', ALLOW_INSECURE_HTTP: 'true' }), 'started');
});

test('outside production the same development settings are fine', () => {
  assert.equal(
    refusal({ ...READY, NODE_ENV: 'development', SESSION_STORE: 'memory', APP_URL: 'http://localhost:8000' }),
    'started',
  );
});

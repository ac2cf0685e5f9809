/**
 * The second application ("Acme Billing") of the kickstart, and a misconfigured one: start-up stops
 * naming the variable instead of failing at the first sign-in. A second app's name is in its pages.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AppConfig } from '../../src/app-config.ts';
import { loadConfig } from '../../src/config.ts';
import { DEV_FUSIONAUTH } from '../../src/dev-fusionauth.ts';
import { assertApplicationConfigured } from '../../src/fusionauth/application-check.ts';
import { startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';

let fusionAuth: FusionAuthTarget;

before(async () => {
  fusionAuth = await startFusionAuthTarget({ env: { APP_URL: 'http://127.0.0.1:9' } });
});
after(() => fusionAuth?.close());

function settings(overrides: Partial<AppConfig['fusionAuth']> = {}): AppConfig['fusionAuth'] {
  return {
    url: fusionAuth.url,
    apiKey: fusionAuth.apiKey,
    clientId: DEV_FUSIONAUTH.billingClientId,
    clientSecret: DEV_FUSIONAUTH.billingClientSecret,
    tenantId: DEV_FUSIONAUTH.tenantId,
    webhookSecret: undefined,
    ...overrides,
  };
}

async function startUpError(overrides: Partial<AppConfig['fusionAuth']>): Promise<string> {
  const error = await assertApplicationConfigured(settings(overrides), () => {}).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  assert.ok(error instanceof Error, 'start-up stops');
  return error.message;
}

test("the kickstart's second application starts with its own client id and secret", async () => {
  const warnings: string[] = [];
  await assertApplicationConfigured(settings(), (message) => warnings.push(message));
  assert.deepEqual(warnings, []);
});

test('an unknown client id stops start-up naming FUSIONAUTH_CLIENT_ID', async () => {
  assert.match(await startUpError({ clientId: '3f1c2b7a-0000-4000-8000-000000000000' }), /^FUSIONAUTH_CLIENT_ID: /);
  assert.match(await startUpError({ clientId: 'not-a-uuid' }), /^FUSIONAUTH_CLIENT_ID: /);
});

test('the other application’s secret stops start-up naming FUSIONAUTH_CLIENT_SECRET, never echoing a secret', async () => {
  const message = await startUpError({ clientSecret: DEV_FUSIONAUTH.clientSecret });
  assert.match(message, /^FUSIONAUTH_CLIENT_SECRET: is not the client secret of "Acme Billing"/);
  assert.ok(!message.includes(DEV_FUSIONAUTH.clientSecret) && !message.includes(DEV_FUSIONAUTH.billingClientSecret));
});

test('a FusionAuth that does not answer only warns: the app starts while FusionAuth is down', async () => {
  const warnings: string[] = [];
  await assertApplicationConfigured(settings({ url: 'http://127.0.0.1:9' }), (message) => warnings.push(message));
  assert.equal(warnings.length, 1);
});

test('APP_NAME is in every page’s header and title; a bad one stops start-up', async () => {
  const app: TestApp = await startTestApp({
    fusionAuth,
    env: { APP_NAME: 'Acme <Billing>', FUSIONAUTH_CLIENT_ID: DEV_FUSIONAUTH.billingClientId },
  });
  try {
    const page = await (await fetch(`${app.url}/login`)).text();
    assert.match(page, /<title>[^<]* · Acme &lt;Billing&gt;<\/title>/);
    assert.match(page, /<a class="brand" href="\/">Acme &lt;Billing&gt;<\/a>/);
  } finally {
    await app.close();
  }
  assert.throws(() => loadConfig({ APP_NAME: 'x'.repeat(61) }), /APP_NAME/);
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { checkpoint, ChromiumFixture, skipBrowserSuite } from '../support/chromium.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';
import { fillLogin, logOut } from '../support/ui-steps.ts';

type SessionMode = 'user' | 'tokens';

/**
 * A built-in passkey that answers without a prompt: Chromium's virtual authenticator through the DevTools
 * protocol (https://chromedevtools.github.io/devtools-protocol/tot/WebAuthn/).
 */
async function addVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
}

/** On /login: the email, then "Sign in with a passkey" (no password typed). */
async function signInWithPasskey(page: Page, appUrl: string, email: string): Promise<void> {
  await page.goto(`${appUrl}/login`);
  await page.getByLabel('Email').fill(email);
  // The script asks for the options and lets the authenticator answer before it submits: no navigation yet.
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
}

describe('in Chromium with a virtual authenticator, passkeys', { skip: skipBrowserSuite }, () => {
  let chromium: ChromiumFixture;
  before(async () => {
    chromium = await ChromiumFixture.launch();
  });
  after(() => chromium?.close());

  for (const mode of ['user', 'tokens'] as const satisfies SessionMode[])
    describe(`SESSION_MODE=${mode}`, () => {
      let t: TestApp;
      // The kickstart's relying party id is localhost: the page must run on a localhost origin.
      let appUrl: string;
      before(async () => {
        t = await startTestApp({ env: { SESSION_MODE: mode }, appHost: 'localhost' });
        appUrl = `http://localhost:${new URL(t.url).port}`;
      });
      after(() => t.close());

      test('a person adds a passkey, signs out, signs in with it, sees the session, removes it, and it no longer signs in', () =>
        chromium.run(async (open) => {
          const user = await new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId).createUser();
          const snap = (page: Page, name: string) =>
            mode === 'user' ? checkpoint(page, `passkey-${name}`) : Promise.resolve();
          const page = await open();
          await addVirtualAuthenticator(page);
          await page.goto(`${appUrl}/login`);
          await fillLogin(page, user.email, user.password);

          await page.goto(`${appUrl}/account`);
          await snap(page, 'account-none');
          await page.getByLabel('Name of the new passkey').fill('This laptop');
          await page.getByRole('button', { name: 'Add a passkey' }).click();
          await page.waitForURL(/\/account\?notice=passkey-added$/);
          assert.equal(await page.getByRole('cell', { name: 'This laptop', exact: true }).count(), 1);
          await snap(page, 'account-added');

          await logOut(page);
          await signInWithPasskey(page, appUrl, user.email);
          await page.waitForURL(`${appUrl}/`);
          assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /^Hello/);
          await page.goto(`${appUrl}/account/sessions`);
          assert.equal(
            await page
              .getByRole('row')
              .filter({ hasText: 'this device' })
              .filter({ hasText: 'with a passkey' })
              .count(),
            1,
          );
          await snap(page, 'sessions');

          await page.goto(`${appUrl}/account`);
          await page.getByRole('link', { name: 'Remove This laptop' }).click();
          await snap(page, 'remove-confirm');
          await page.getByRole('button', { name: 'Remove passkey' }).click();
          await page.waitForURL(/\/account\?notice=passkey-removed$/);
          assert.equal(await page.getByRole('cell', { name: 'This laptop', exact: true }).count(), 0);

          await logOut(page);
          await signInWithPasskey(page, appUrl, user.email);
          // FusionAuth no longer knows the passkey the authenticator still holds: a refusal page, or none offered.
          await page
            .getByRole('alert')
            .filter({ hasText: /That passkey could not sign you in|No passkey was used/ })
            .waitFor();
          await snap(page, 'refused');
          await page.goto(`${appUrl}/account`);
          assert.equal(new URL(page.url()).pathname, '/login');
        }));
    });
});

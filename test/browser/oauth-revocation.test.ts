/**
 * With LOGIN_FLOW=oauth, a revoked session stays revoked in a real browser: one person signed in in
 * two browser contexts, each with its own FusionAuth SSO session. After each way of ending the other
 * context's session, that context's next click says it was signed out, and signing in again lands on
 * FusionAuth's login form, not on a signed-in page; the context that should survive stays signed in.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { checkpoint, ChromiumFixture, skipBrowserSuite, type OpenPage } from '../support/chromium.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';
import { isHostedLoginPage } from '../support/hosted-pages.ts';
import { assertProfile, fillLogin, logIn } from '../support/ui-steps.ts';

const PHONE = {
  userAgent:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
};
const PERSON = { firstName: 'Test', lastName: 'Person' };

async function onHostedLoginForm(page: Page): Promise<boolean> {
  return isHostedLoginPage({ url: page.url(), body: await page.content() });
}

const FROM_ANOTHER_DEVICE = /You were signed out from another device/;

/**
 * The revoked context, still showing its old profile, clicks "Account": the app names the cause;
 * "Sign in again" shows FusionAuth's login form, not a signed-in page. A deactivated person is
 * offered no sign-in, which would be refused.
 */
async function assertRevoked(page: Page, appUrl: string, cause: RegExp = FROM_ANOTHER_DEVICE): Promise<void> {
  await page.getByRole('banner').getByRole('link', { name: 'Account', exact: true }).click();
  assert.equal(new URL(page.url()).origin, appUrl);
  assert.match((await page.getByRole('main').textContent()) ?? '', cause);
  if (/deactivated/.test(cause.source)) {
    assert.equal(await page.getByRole('link', { name: 'Sign in again' }).count(), 0);
    return;
  }
  await page.getByRole('link', { name: 'Sign in again' }).click();
  await page.waitForLoadState();
  assert.ok(await onHostedLoginForm(page), `FusionAuth's login form, got ${page.url()}`);
}

describe('in Chromium with LOGIN_FLOW=oauth, a revoked session stays revoked', { skip: skipBrowserSuite }, () => {
  let chromium: ChromiumFixture;
  before(async () => {
    chromium = await ChromiumFixture.launch();
  });
  after(() => chromium?.close());

  for (const mode of ['user', 'tokens'] as const)
    describe(`SESSION_MODE=${mode}`, () => {
      let t: TestApp;
      let admin: FusionAuthAdmin;
      before(async () => {
        t = await startTestApp({ env: { LOGIN_FLOW: 'oauth', SESSION_MODE: mode } });
        admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
      });
      after(() => t?.close());

      /** One person signed in on a laptop and a phone, each through FusionAuth's hosted form. */
      async function signedInTwice(open: OpenPage) {
        const user = await admin.createUser();
        const person = { email: user.email, ...PERSON };
        const phone = await open(PHONE);
        const laptop = await open();
        for (const page of [phone, laptop]) {
          await logIn(page, t.url, user.email, user.password);
          await assertProfile(page, t.url, person);
        }
        return { user, person, laptop, phone };
      }

      async function onSessionsPage(laptop: Page): Promise<void> {
        await laptop.getByRole('banner').getByRole('link', { name: 'Sessions' }).click();
      }

      test('revoking the other device', () =>
        chromium.run(async (open) => {
          const { person, laptop, phone } = await signedInTwice(open);
          await onSessionsPage(laptop);
          await laptop
            .getByRole('row')
            .filter({ hasText: 'iOS' })
            .getByRole('button', { name: /^Sign out / })
            .click();
          assert.match((await laptop.getByRole('status').textContent()) ?? '', /signed out/);

          await assertRevoked(phone, t.url);
          if (mode === 'user') await checkpoint(phone, 'oauth-signed-out-elsewhere-login');
          await laptop.goto(t.url);
          await assertProfile(laptop, t.url, person);
        }));

      test('signing out everywhere else', () =>
        chromium.run(async (open) => {
          const { person, laptop, phone } = await signedInTwice(open);
          await onSessionsPage(laptop);
          await laptop.getByRole('button', { name: 'Sign out everywhere else' }).click();
          await assertRevoked(phone, t.url);
          await laptop.goto(t.url);
          await assertProfile(laptop, t.url, person);
        }));

      test('signing out everywhere', () =>
        chromium.run(async (open) => {
          const { laptop, phone } = await signedInTwice(open);
          await onSessionsPage(laptop);
          await laptop.getByRole('link', { name: 'Sign out everywhere…' }).click();
          await laptop.getByRole('button', { name: 'Sign out everywhere', exact: true }).click();
          await assertRevoked(phone, t.url, /which signed you out everywhere/);
          await laptop.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).click();
          assert.ok(await onHostedLoginForm(laptop), "this browser's FusionAuth SSO session ended too");
        }));

      // Deactivating asks on a confirmation page first; signing out acts at once.
      for (const [action, button, confirmLink, cause] of [
        ['signing out', 'Sign out everywhere', null, /An administrator signed you out/],
        [
          'deactivating',
          'Deactivate for this app',
          'Deactivate for this app…',
          /You were signed out because your account was deactivated/,
        ],
      ] as const) {
        test(`an admin ${action} the person`, () =>
          chromium.run(async (open) => {
            const { user, laptop, phone } = await signedInTwice(open);
            const console = await open();
            await logIn(console, t.url, 'admin@example.com', 'password');
            await console.goto(`${t.url}/admin/users/${user.id}`);
            if (confirmLink) await console.getByRole('link', { name: confirmLink }).click();
            await console.getByRole('button', { name: button, exact: true }).click();
            assert.match((await console.getByRole('status').textContent()) ?? '', /signed out everywhere/);

            await assertRevoked(phone, t.url, cause);
            await assertRevoked(laptop, t.url, cause);
            await console.goto(`${t.url}/admin`);
            assert.equal(await console.getByRole('heading', { level: 1 }).count(), 1, 'the admin stays signed in');
            assert.match((await console.getByRole('banner').textContent()) ?? '', /admin@example\.com/);
          }));
      }

      test('a password change', () =>
        chromium.run(async (open) => {
          const { user, person, laptop, phone } = await signedInTwice(open);
          await laptop.getByRole('banner').getByRole('link', { name: 'Account', exact: true }).click();
          await laptop.getByLabel('Current password').fill(user.password);
          await laptop.getByLabel('New password').fill('a brand new password');
          await laptop.getByRole('button', { name: 'Change password' }).click();
          assert.match((await laptop.getByRole('status').textContent()) ?? '', /Your password was changed/);

          await assertRevoked(phone, t.url, /because your password was changed/);
          await fillLogin(phone, user.email, 'a brand new password');
          assert.equal(phone.url(), `${t.url}/account`, 'back where it was going, signed in with the new password');
          await phone.goto(t.url);
          await assertProfile(phone, t.url, person);
          await laptop.goto(t.url);
          await assertProfile(laptop, t.url, person);
        }));
    });
});

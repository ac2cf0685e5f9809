import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { checkpoint, ChromiumFixture, skipBrowserSuite } from '../support/chromium.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';
import { assertProfile, logIn } from '../support/ui-steps.ts';

/** A second simulated browser that looks like a phone, so the sessions table tells the two apart. */
const PHONE = {
  userAgent:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
};

/** Reloads the home page until it shows the signed-out welcome, for up to `ms` (webhooks are asynchronous). */
async function assertSignedOutWithin(page: Page, appUrl: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    await page.goto(appUrl);
    const heading = await page.getByRole('heading', { level: 1 }).textContent();
    if (heading === 'Welcome') return;
    assert.ok(Date.now() < deadline, `signed out within ${ms} ms, still seeing "${heading}"`);
    await page.waitForTimeout(100);
  }
}

describe('in Chromium, revoking sessions', { skip: skipBrowserSuite }, () => {
  let chromium: ChromiumFixture;
  before(async () => {
    chromium = await ChromiumFixture.launch();
  });
  after(() => chromium?.close());

  for (const mode of ['user', 'tokens'] as const)
    describe(`SESSION_MODE=${mode}`, () => {
      let t: TestApp;
      let admin: FusionAuthAdmin;
      const shot = (page: Page, name: string) => (mode === 'user' ? checkpoint(page, name) : Promise.resolve());
      before(async () => {
        t = await startTestApp({ env: { SESSION_MODE: mode } });
        admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
      });
      after(() => t?.close());

      test('the sessions page signs out another browser, and this one stays signed in', () =>
        chromium.run(async (open) => {
          const user = await admin.createUser();
          const person = { email: user.email, firstName: 'Test', lastName: 'Person' };
          const laptop = await open();
          const phone = await open(PHONE);
          await logIn(phone, t.url, user.email, user.password);
          await logIn(laptop, t.url, user.email, user.password);

          await laptop.getByRole('banner').getByRole('link', { name: 'Sessions' }).click();
          const rows = laptop.getByRole('row').filter({ has: laptop.getByRole('button', { name: /^Sign out / }) });
          assert.equal(await rows.count(), 2);
          const thisDevice = rows.filter({ hasText: '(this device)' });
          assert.equal(await thisDevice.count(), 1);
          const phoneButton = rows.filter({ hasText: 'iOS' }).getByRole('button');
          const phoneDevice = (
            (await rows.filter({ hasText: 'iOS' }).getByRole('cell').first().textContent()) ?? ''
          ).trim();
          assert.equal(
            await laptop.getByRole('button', { name: `Sign out ${phoneDevice}`, exact: true }).count(),
            1,
            'the button names the session it ends',
          );
          assert.match((await thisDevice.getByRole('button').textContent()) ?? '', /^Sign out .+ \(this device\)$/);
          await shot(laptop, 'sessions');

          await phoneButton.click();
          assert.match((await laptop.getByRole('status').textContent()) ?? '', /signed out/);
          assert.equal(await rows.count(), 1, 'only this device is left');
          await shot(laptop, 'sessions-revoked');

          await assertSignedOutWithin(phone, t.url, 0);
          await laptop.getByRole('link', { name: 'Sign out everywhere…' }).click();
          assert.equal(await laptop.getByRole('heading', { level: 1 }).textContent(), 'Sign out everywhere?');
          await shot(laptop, 'sessions-sign-out-everywhere-confirm');
          await laptop.getByRole('link', { name: 'Cancel' }).click();
          assert.equal(new URL(laptop.url()).pathname, '/account/sessions', 'Cancel goes back, signed in');
          await laptop.goto(t.url);
          await assertProfile(laptop, t.url, person);
        }));

      test('an admin deactivating a user signs them out in their other browser', () =>
        chromium.run(async (open) => {
          const user = await admin.createUser();
          const phone = await open(PHONE);
          await logIn(phone, t.url, user.email, user.password);
          await assertProfile(phone, t.url, { email: user.email, firstName: 'Test', lastName: 'Person' });

          const console = await open();
          await logIn(console, t.url, 'admin@example.com', 'password');
          await console.goto(`${t.url}/admin`);
          await console.getByLabel('Find users of this application').fill(user.email);
          await console.getByRole('button', { name: 'Search' }).click();
          await shot(console, 'admin-search');
          await console.getByRole('link', { name: user.email }).click();
          await shot(console, 'admin-user');
          await console.getByRole('link', { name: 'Deactivate for this app…' }).click();
          assert.equal(
            await console.getByRole('heading', { level: 1 }).textContent(),
            `Deactivate ${user.email} for this app?`,
          );
          await shot(console, 'admin-deactivate-confirm');
          await phone.goto(t.url);
          assert.match(
            (await phone.getByRole('heading', { level: 1 }).textContent()) ?? '',
            /^Hello/,
            'nothing happens before the confirmation',
          );
          await console.getByRole('button', { name: 'Deactivate for this app' }).click();
          assert.match((await console.getByRole('status').textContent()) ?? '', /deactivated/);
          await shot(console, 'admin-user-deactivated');

          await assertSignedOutWithin(phone, t.url, 1000);
          await logIn(phone, t.url, user.email, user.password);
          assert.match((await phone.getByRole('alert').textContent()) ?? '', /deactivated|locked/i);
        }));

      test('an admin deleting a user confirms first, and the user is gone', () =>
        chromium.run(async (open) => {
          const user = await admin.createUser();
          const console = await open();
          await logIn(console, t.url, 'admin@example.com', 'password');
          await console.goto(`${t.url}/admin`);
          await console.getByLabel('Find users of this application').fill(user.email);
          await console.getByRole('button', { name: 'Search' }).click();
          await console.getByRole('link', { name: user.email }).click();
          await console.getByRole('link', { name: 'Delete user…' }).click();
          assert.equal(await console.getByRole('heading', { level: 1 }).textContent(), `Delete ${user.email}?`);
          await shot(console, 'admin-delete-confirm');
          await console.getByRole('button', { name: 'Delete permanently' }).click();
          await console.waitForLoadState();
          assert.match((await console.getByRole('status').textContent()) ?? '', /deleted/);
          await assert.rejects(
            admin.client.retrieveUser(user.id),
            (error: { statusCode?: number }) => error.statusCode === 404,
          );
        }));
    });
});

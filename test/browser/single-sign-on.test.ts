/**
 * Single sign-on across two applications in Chromium, one browser context for both ("Acme Account" and
 * "Acme Billing", this code run twice on two ports of one host, as `npm run start:sso` runs them):
 * signed in to Account, Billing signs in with no password; "Sign out of Acme Account" leaves Billing;
 * "Sign out of all Acme apps" from Billing leaves Account signed out within 1 s, and that SSO session
 * never signs the browser back in; Account's admin deactivating the user bars Account, not Billing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ChromiumFixture, checkpoint, skipBrowserSuite } from '../support/chromium.ts';
import { KICKSTART } from '../support/fusionauth-target.ts';
import { isHostedLoginPage } from '../support/hosted-pages.ts';
import { startTwoApps, type TwoApps } from '../support/two-apps.ts';
import { fillLogin, logIn } from '../support/ui-steps.ts';

async function heading(page: Page): Promise<string> {
  return (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
}

async function onHostedLoginForm(page: Page): Promise<boolean> {
  return isHostedLoginPage({ url: page.url(), body: await page.content() });
}

/** Opens the app and follows its header's "Sign in": FusionAuth's form, or straight back signed in. */
async function clickLogIn(page: Page, appUrl: string): Promise<void> {
  await page.goto(appUrl);
  await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).click();
  await page.waitForLoadState();
}

/** Reloads the app's home page until it greets no one, for at most `withinMs`; returns the time taken. */
async function signedOutWithin(page: Page, appUrl: string, withinMs: number, since: number): Promise<number> {
  for (;;) {
    await page.goto(appUrl);
    if ((await heading(page)) === 'Welcome') return performance.now() - since;
    assert.ok(performance.now() - since < withinMs, `still signed in at ${appUrl} after ${withinMs} ms`);
  }
}

for (const mode of ['user', 'tokens'] as const)
  describe(`in Chromium, single sign-on across two apps, SESSION_MODE=${mode}`, { skip: skipBrowserSuite }, () => {
    let chromium: ChromiumFixture;
    let apps: TwoApps;
    before(async () => {
      chromium = await ChromiumFixture.launch();
      apps = await startTwoApps({ LOGIN_FLOW: 'oauth', SESSION_MODE: mode });
    });
    after(async () => {
      await apps?.close();
      await chromium?.close();
    });

    test('sign in once, sign out of one app or of all, and a revoked SSO session never signs back in', () =>
      chromium.run(async (open) => {
        const user = await apps.createUser();
        const account = await open();
        const billing = await account.context().newPage();
        const hello = 'Hello, Test Person';

        await logIn(account, apps.account.url, user.email, user.password);
        assert.equal(await heading(account), hello);
        apps.account.clock.advance(1000);
        await clickLogIn(billing, apps.billing.url);
        assert.equal(billing.url(), `${apps.billing.url}/`, 'Billing signs in with no password typed');
        assert.equal(await heading(billing), hello);
        assert.equal(await billing.getByRole('banner').getByRole('link', { name: 'Acme Billing' }).count(), 1);
        await billing.getByRole('banner').getByRole('link', { name: 'Sessions' }).click();
        assert.match((await billing.getByRole('main').textContent()) ?? '', /through single sign-on/);

        await account.goto(`${apps.account.url}/logout`);
        if (mode === 'user') await checkpoint(account, 'sign-out-choice');
        await account.getByRole('button', { name: 'Sign out of Acme Account' }).click();
        assert.equal(await heading(account), 'Welcome');
        await billing.goto(apps.billing.url);
        assert.equal(await heading(billing), hello, '"Sign out of Acme Account" leaves Billing signed in');
        await clickLogIn(account, apps.account.url);
        assert.ok(await onHostedLoginForm(account), 'Account asks for the password again');
        await fillLogin(account, user.email, user.password);
        assert.equal(await heading(account), hello);

        await billing.goto(`${apps.billing.url}/logout`);
        await billing.getByRole('button', { name: 'Sign out of all Acme apps' }).click();
        const clicked = performance.now();
        const took = await signedOutWithin(account, apps.account.url, 1000, clicked);
        assert.ok(took < 1000, `Account signed out ${Math.round(took)} ms after "Sign out of all" in Billing`);
        await billing.waitForURL(`${apps.billing.url}/`);
        assert.equal(await heading(billing), 'Welcome', "FusionAuth's logout page comes back to Billing");

        for (const [page, url] of [
          [account, apps.account.url],
          [billing, apps.billing.url],
        ] as const) {
          await clickLogIn(page, url);
          assert.ok(await onHostedLoginForm(page), `the ended SSO session does not sign ${url} back in`);
        }
      }));

    test("Account's admin deactivating the user bars Account, even through single sign-on, and Billing keeps working", () =>
      chromium.run(async (open) => {
        const user = await apps.createUser();
        const account = await open();
        const billing = await account.context().newPage();
        await logIn(account, apps.account.url, user.email, user.password);
        await clickLogIn(billing, apps.billing.url);
        assert.equal(await heading(billing), 'Hello, Test Person');

        const admin = await open();
        await logIn(admin, apps.account.url, KICKSTART.admin.email, KICKSTART.admin.password);
        await admin.goto(`${apps.account.url}/admin/users/${user.id}/deactivate`);
        await admin.getByRole('button', { name: 'Deactivate for this app' }).click();

        await account.goto(apps.account.url);
        assert.equal(await heading(account), 'Welcome', 'signed out of Account');
        await billing.goto(apps.billing.url);
        assert.equal(await heading(billing), 'Hello, Test Person', 'Billing keeps working');
        await clickLogIn(account, apps.account.url);
        assert.ok(await onHostedLoginForm(account), 'the password, not the SSO session');
        await fillLogin(account, user.email, user.password);
        assert.equal(await heading(account), 'You cannot sign in');
        assert.match((await account.getByRole('main').textContent()) ?? '', /deactivated for this application/);
      }));
  });

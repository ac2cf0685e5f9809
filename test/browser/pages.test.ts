import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { checkpoint, ChromiumFixture, skipBrowserSuite } from '../support/chromium.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';
import { HOSTED_LOGIN } from '../support/hosted-pages.ts';
import { assertSignedOut, fillLogin, logIn } from '../support/ui-steps.ts';

/** The hosted pages' title in the app's own FusionAuth theme (kickstart/theme), which Chromium's English asks for. */
const APP_THEME_TITLE = 'Sign in · Acme Account';

/** The pages outside the main flows: confirmations, errors, and the dev server's own error page. */
describe('in Chromium, the other pages', { skip: skipBrowserSuite }, () => {
  let chromium: ChromiumFixture;
  let t: TestApp;
  before(async () => {
    chromium = await ChromiumFixture.launch();
    t = await startTestApp({ env: { LOGIN_FLOW: 'oauth' } });
  });
  after(async () => {
    await t?.close();
    await chromium?.close();
  });

  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

  test('GET /logout asks before signing out, and its buttons (this app, or all Acme apps) sign out', () =>
    chromium.run(async (open) => {
      const page = await open();
      await page.goto(`${t.url}/logout`);
      assert.equal(await heading(page), 'Sign out');
      await checkpoint(page, 'logout-signed-out');

      await logIn(page, t.url, 'richard@example.com', 'password');
      await page.goto(`${t.url}/logout`);
      assert.equal(await heading(page), 'Sign out', 'visiting the page does not sign out');
      await checkpoint(page, 'logout-confirm');
      await page.getByRole('main').getByRole('button', { name: 'Sign out of Acme Account' }).click();
      await page.waitForLoadState();
      await assertSignedOut(page, t.url);
    }));

  test('with a 64-character email address, no page of the person or of the admin scrolls sideways at 390 or 320 px', () =>
    chromium.run(async (open) => {
      const tag = Math.random().toString(36).slice(2, 10);
      const email = `${'a.rather.long.address.for.the.phone.layout.'.padEnd(52 - tag.length, 'x')}${tag}@example.com`;
      assert.equal(email.length, 64);
      const user = await new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId).createUser({ email });
      const person = await open();
      await logIn(person, t.url, email, user.password);
      // checkpoint: screenshots at 1280 and 390, axe at both, and the document no wider than 390 and 320 px.
      for (const [path, name] of [
        ['/', 'profile'],
        ['/account', 'account'],
        ['/account/two-factor', 'two-factor-setup'],
        ['/account/sessions', 'sessions'],
        ['/account/sessions/revoke-all', 'sign-out-everywhere-confirm'],
      ] as const) {
        await person.goto(`${t.url}${path}`);
        await checkpoint(person, `long-email-${name}`);
      }

      const admin = await open();
      await logIn(admin, t.url, 'admin@example.com', 'password');
      const userPage = `/admin/users/${user.id}`;
      for (const [path, name] of [
        [`/admin?q=${encodeURIComponent(email)}`, 'admin-search'],
        [userPage, 'admin-user'],
        [`${userPage}/deactivate`, 'admin-deactivate-confirm'],
        [`${userPage}/delete`, 'admin-delete-confirm'],
      ] as const) {
        await admin.goto(`${t.url}${path}`);
        assert.match(
          (await heading(admin)) ?? '',
          name === 'admin-search' ? /Administration/ : new RegExp(email.replace(/[.]/g, '\\.')),
        );
        await checkpoint(admin, `long-email-${name}`);
      }
    }));

  test("a test written for FusionAuth's hosted login page passes: #loginId, #password and button.blue.button, in the app's theme", () =>
    chromium.run(async (open) => {
      const page = await open();
      await page.goto(`${t.url}/login`);
      assert.equal(await page.title(), APP_THEME_TITLE);
      assert.equal(await page.getByRole('heading', { level: 2 }).textContent(), 'Sign in to Acme Account');
      assert.equal(await page.locator(`${HOSTED_LOGIN.submit} i.fa`).count(), 1, 'the button has its icon');
      assert.equal((await page.locator(HOSTED_LOGIN.submit).textContent())?.trim(), 'Continue');
      await page.locator(HOSTED_LOGIN.loginId).fill('richard@example.com');
      await page.locator(HOSTED_LOGIN.password).fill('not the password');
      await page.locator(HOSTED_LOGIN.submit).click();
      await page.waitForLoadState();
      assert.equal(await page.title(), APP_THEME_TITLE);
      assert.equal((await page.locator(HOSTED_LOGIN.error).textContent())?.trim(), 'Invalid login credentials.');
      await checkpoint(page, 'hosted-login-fusionauth-selectors');

      await page.locator(HOSTED_LOGIN.password).fill('password');
      await page.locator(HOSTED_LOGIN.submit).click();
      await page.waitForLoadState();
      assert.equal(new URL(page.url()).href, `${t.url}/`);
      assert.equal(await heading(page), 'Hello, Richard Hendricks');
    }));

  test('"Forgot your password?" on the hosted login page leads to FusionAuth\'s forgot-password form, which sends the email', () =>
    chromium.run(async (open) => {
      const page = await open();
      await page.goto(`${t.url}/login`);
      await page.getByRole('link', { name: HOSTED_LOGIN.forgotPassword }).click();
      assert.equal(new URL(page.url()).pathname, '/password/forgot');
      assert.equal(await page.getByRole('heading', { level: 2 }).textContent(), 'Reset your Acme Account password');
      await page.locator(HOSTED_LOGIN.loginId).fill('richard@example.com');
      await page.locator(HOSTED_LOGIN.submit).click();
      await page.waitForLoadState();
      assert.equal(await page.getByRole('heading', { level: 2 }).textContent(), 'Message sent');
      await checkpoint(page, 'hosted-forgot-password-sent');
      await page.getByRole('link', { name: 'Return to login' }).click();
      assert.equal(await page.title(), APP_THEME_TITLE);
    }));

  test('an unknown address is a page with a way home', () =>
    chromium.run(async (open) => {
      const page = await open();
      await page.goto(`${t.url}/no-such-page`);
      assert.equal(await heading(page), 'Page not found');
      await checkpoint(page, 'not-found');
      await page.getByRole('link', { name: 'Go to the home page' }).click();
      assert.equal(await heading(page), 'Welcome');
    }));

  test('with FusionAuth unreachable, a sign-in gets the 503 page that says so', () =>
    chromium.run(
      async (open) => {
        const down = await startTestApp();
        try {
          await down.fusionAuth.close();
          const page = await open();
          await page.goto(`${down.url}/login`);
          await fillLogin(page, 'richard@example.com', 'password');
          assert.equal(await heading(page), 'Sign-in is temporarily unavailable');
          await checkpoint(page, 'fusionauth-unavailable');
        } finally {
          await down.close();
        }
      },
      { expectedStatus: 503 },
    ));

  test('a refused OAuth sign-in is a page with "Try again"', () =>
    chromium.run(async (open) => {
      const page = await open();
      await page.goto(`${t.url}/oauth-callback?error=access_denied&state=whatever`);
      assert.match((await heading(page)) ?? '', /sign-in/i);
      await checkpoint(page, 'oauth-callback-error');
      assert.equal(await page.getByRole('link', { name: 'Try again' }).getAttribute('href'), '/login');
    }));

  test('the hosted page refuses an unregistered redirect URI without redirecting', () =>
    chromium.run(async (open) => {
      const page = await open();
      const authorize = new URL('/oauth2/authorize', t.fusionAuth.url);
      authorize.search = new URLSearchParams({
        client_id: t.config.fusionAuth.clientId,
        response_type: 'code',
        redirect_uri: 'https://elsewhere.example/callback',
        scope: 'openid',
      }).toString();
      await page.goto(authorize.href);
      assert.equal(new URL(page.url()).origin, t.fusionAuth.url);
      assert.match((await page.getByRole('alert').textContent()) ?? '', /redirect/i);
      await checkpoint(page, 'hosted-error');
    }));
});

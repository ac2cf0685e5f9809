import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { readFile } from 'node:fs/promises';
import { assertTabOrder, checkpoint, ChromiumFixture, focused, skipBrowserSuite } from '../support/chromium.ts';
import { HOSTED_LOGIN, HOSTED_REGISTER, HOSTED_TWO_FACTOR } from '../support/hosted-pages.ts';
import {
  assertFieldError,
  assertHostedFieldError,
  assertProfile,
  assertSignedOut,
  fillLogin,
  fillRegistration,
  logIn,
  logOut,
  newPerson,
} from '../support/ui-steps.ts';

type SessionMode = 'user' | 'tokens';
const MODES: SessionMode[] = ['user', 'tokens'];

/**
 * The 2×2 matrix in a real browser: the whole journey in each login flow and session mode; the
 * refusals, keyboard and no-JavaScript checks once per login flow. The two flows run side by side.
 */
describe('in Chromium, every login flow in every session mode', { skip: skipBrowserSuite, concurrency: true }, () => {
  let chromium: ChromiumFixture;
  before(async () => {
    chromium = await ChromiumFixture.launch();
  });
  after(() => chromium?.close());

  for (const flow of ['form', 'oauth'] as const)
    describe(`LOGIN_FLOW=${flow}`, { concurrency: false }, () => {
      const apps: Partial<Record<SessionMode, TestApp>> = {};
      /** The app in user mode: what happens before there is a session does not depend on the mode. */
      let t: TestApp;
      const shot = (page: Page, name: string) => checkpoint(page, `${flow}-${name}`);
      /** Where the sign-in forms live: the app itself, or the dev server's hosted pages. */
      const formPath = (page: 'login' | 'register') =>
        flow === 'form' ? `/${page}` : page === 'login' ? '/oauth2/authorize' : '/oauth2/register';
      before(async () => {
        for (const mode of MODES) apps[mode] = await startTestApp({ env: { LOGIN_FLOW: flow, SESSION_MODE: mode } });
        t = apps.user as TestApp;
      });
      after(() => Promise.all(Object.values(apps).map((app) => app.close())));

      for (const mode of MODES)
        test(`SESSION_MODE=${mode}: a person registers, sees the profile, reloads, logs out and logs in again`, () =>
          chromium.run(async (open) => {
            const app = apps[mode] as TestApp;
            /** The pages look the same in both modes: screenshots once. */
            const snap = (page: Page, name: string) => (mode === 'user' ? shot(page, name) : Promise.resolve());
            const person = newPerson(`${flow}-${mode}`);
            const page = await open();
            await page.goto(app.url);
            await snap(page, 'welcome');
            await page.getByRole('main').getByRole('link', { name: 'Register' }).click();
            assert.equal(new URL(page.url()).pathname, formPath('register'));
            await snap(page, 'register');
            await fillRegistration(page, person);
            await assertProfile(page, app.url, person);
            await snap(page, 'profile');

            await page.reload();
            await assertProfile(page, app.url, person);

            await logOut(page);
            await assertSignedOut(page, app.url);

            await logIn(page, app.url, person.email, person.password);
            await assertProfile(page, app.url, person);
          }));

      test('a wrong password is refused on the login page, with the email kept', () =>
        chromium.run(async (open) => {
          const page = await open();
          await page.goto(`${t.url}/login`);
          assert.equal(new URL(page.url()).pathname, formPath('login'));
          await shot(page, 'login');
          await fillLogin(page, 'richard@example.com', 'not the password');
          assert.equal(new URL(page.url()).pathname, formPath('login'));
          assert.match(
            (await page.getByRole('alert').textContent()) ?? '',
            /email or password|invalid login credentials/i,
          );
          const email = flow === 'form' ? page.getByLabel('Email') : page.locator(HOSTED_LOGIN.loginId);
          const password =
            flow === 'form' ? page.getByLabel('Password', { exact: true }) : page.locator(HOSTED_LOGIN.password);
          assert.equal(await email.inputValue(), 'richard@example.com');
          assert.equal(await password.inputValue(), '', 'the password is never echoed');
          if (flow === 'form') {
            assert.match(await page.title(), /^Error: Sign in/);
            assert.equal(
              await page.evaluate<string | undefined>('document.activeElement?.id'),
              'field-password',
              'focus is on what to fix',
            );
          }
          await shot(page, 'login-wrong-password');

          await page.reload();
          // Both pages focus a field on load; a click on the heading starts the order from the top of the form.
          if (flow === 'form') {
            await page.getByRole('heading', { level: 1 }).click();
            await assertTabOrder(page, [await idOf(page, 'Email'), await idOf(page, 'Password'), 'button "Sign in"']);
          } else {
            await page.getByRole('heading', { level: 2 }).click();
            await assertTabOrder(page, [HOSTED_LOGIN.loginId, HOSTED_LOGIN.password, 'button "Continue"']);
          }
          await fillLogin(page, 'richard@example.com', 'password');
          assert.equal(new URL(page.url()).href, `${t.url}/`);
        }));

      test("two-factor: turned on at /account, then asked for at sign-in on this flow's code page", () =>
        chromium.run(async (open) => {
          const person = newPerson(`${flow}-two-factor`);
          const page = await open();
          await page.goto(`${t.url}/register`);
          await fillRegistration(page, person);
          await assertProfile(page, t.url, person);
          await page.goto(`${t.url}/account/two-factor`);
          assert.equal(await focused(page), '#field-code', 'the code field has the focus');
          await shot(page, 'two-factor-setup');
          const key = ((await page.locator('code.secret').textContent()) ?? '').replace(/\s/g, '');
          const totp = new TOTP({ secret: Secret.fromBase32(key), algorithm: 'SHA1', digits: 6, period: 30 });
          const code = () => totp.generate({ timestamp: t.clock.now() });
          await page.getByLabel('The 6-digit code your app shows').fill(code());
          await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
          assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Your recovery codes');
          await shot(page, 'recovery-codes');
          const shown = await page.getByRole('listitem').allTextContents();
          const [download] = await Promise.all([
            page.waitForEvent('download'),
            page.getByRole('link', { name: 'Download as a text file' }).click(),
          ]);
          const saved = await readFile(await download.path(), 'utf8');
          assert.deepEqual(saved.trim().split('\n').slice(-shown.length), shown, 'the file holds the codes shown');

          await page.goto(`${t.url}/account`);
          const changeCode = page.getByLabel('Code to confirm the password change', { exact: true });
          const offCode = page.getByLabel('Code to turn off two-factor sign-in', { exact: true });
          assert.equal(await changeCode.count(), 1, "the password change's code field has a name of its own");
          assert.equal(await offCode.count(), 1, 'so has the field that turns two-factor off');
          assert.notEqual(await changeCode.getAttribute('id'), await offCode.getAttribute('id'));
          await shot(page, 'account-two-factor-on');

          await page.goto(t.url);
          await logOut(page);
          await page.goto(`${t.url}/login`);
          await fillLogin(page, person.email, person.password);
          await shot(page, 'two-factor-code');
          if (flow === 'form') {
            assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Enter your code');
            assert.equal(await focused(page), '#field-code', 'the code field has the focus');
            await page.getByLabel('Code', { exact: true }).fill(code());
            await page.getByRole('button', { name: 'Continue' }).click();
          } else {
            // The app's theme words FusionAuth's "Authentication challenge" (kickstart/theme).
            assert.equal(await page.getByRole('heading', { level: 2 }).textContent(), 'Two-factor sign-in');
            await page.locator(HOSTED_TWO_FACTOR.code).fill(code());
            await page.locator(HOSTED_TWO_FACTOR.submit).click();
          }
          await page.waitForLoadState();
          await assertProfile(page, t.url, person);
        }));

      test('a registration error appears next to its field and the typed values are kept', () =>
        chromium.run(async (open) => {
          const page = await open();
          await page.goto(`${t.url}/register`);
          if (flow === 'form') {
            await assertTabOrder(page, [
              await idOf(page, 'Email'),
              await idOf(page, 'Password (at least 8 characters)'),
              await idOf(page, /^First name/),
              await idOf(page, /^Last name/),
              'button "Create account"',
            ]);
          } else {
            await page.getByRole('heading', { level: 2 }).click();
            await assertTabOrder(page, [
              HOSTED_REGISTER.email,
              HOSTED_REGISTER.password,
              HOSTED_REGISTER.firstName,
              HOSTED_REGISTER.lastName,
              'button "Create account"',
            ]);
          }
          await fillRegistration(page, { ...newPerson('short'), password: 'short' });
          if (flow === 'form')
            await assertFieldError(page, 'Password (at least 8 characters)', /at least 8 characters/);
          else
            await assertHostedFieldError(
              page,
              HOSTED_REGISTER.password,
              /does not meet the minimum length requirement/,
            );
          const firstName = flow === 'form' ? page.getByLabel(/^First name/) : page.locator(HOSTED_REGISTER.firstName);
          assert.equal(await firstName.inputValue(), 'Ada');
          if (flow === 'form')
            assert.equal(await page.getByLabel('First name (optional)').count(), 1, 'the optional fields say so');
          await shot(page, 'register-field-error');

          await fillRegistration(page, { ...newPerson('taken'), email: 'richard@example.com' });
          if (flow === 'form') await assertFieldError(page, 'Email', /already exists/);
          else await assertHostedFieldError(page, HOSTED_REGISTER.email, /already exists/);
        }));

      test('logging in and out works with JavaScript disabled', () =>
        chromium.run(async (open) => {
          const page = await open({ javaScriptEnabled: false });
          await logIn(page, t.url, 'richard@example.com', 'password');
          assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Hello, Richard Hendricks');
          await logOut(page);
          await assertSignedOut(page, t.url);
        }));
    });
});

async function idOf(page: Page, label: string | RegExp): Promise<string> {
  return `#${await page.getByLabel(label, { exact: true }).getAttribute('id')}`;
}

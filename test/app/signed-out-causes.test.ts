/**
 * A browser whose session ended is told the real cause: who or what signed it out (another device,
 * an administrator, a password change, a deactivation), on the page it asks for and on a form it
 * posts from a page of that ended session — never that the form "came from another site".
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn, type Page } from '../support/browser.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';

const FIREFOX_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';

for (const mode of ['user', 'tokens'] as const)
  describe(`the cause of a sign-out, ${mode} session mode`, () => {
    let t: TestApp;
    let fusionAuth: FusionAuthAdmin;
    let adminBrowser: Browser;
    before(async () => {
      t = await startTestApp({ env: { SESSION_MODE: mode, RATE_LIMIT_MAX: '10000', SESSION_IDLE_SECONDS: '60' } });
      fusionAuth = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
      const admin = await fusionAuth.createUser({ roles: ['user', 'admin'] });
      adminBrowser = new Browser(t.url);
      await adminBrowser.login(admin.email, admin.password);
    });
    after(() => t.close());

    /** The person's two browsers, the laptop a named Firefox, and the phone's /account page open. */
    async function twoBrowsersWithAnOpenForm() {
      const user = await fusionAuth.createUser();
      const laptop = new Browser(t.url);
      const phone = new Browser(t.url);
      const options = { headers: { 'user-agent': FIREFOX_ON_LINUX } };
      const form = await laptop.get('/login', options);
      await laptop.post(
        '/login',
        { _csrf: csrfTokenIn(form.body), email: user.email, password: user.password },
        options,
      );
      await phone.login(user.email, user.password);
      const openForm = await phone.get('/account');
      assert.equal(openForm.status, 200);
      return { user, laptop, phone, openForm };
    }

    async function signOutOthersFrom(browser: Browser): Promise<void> {
      const page = await browser.get('/account/sessions');
      await browser.post('/account/sessions/revoke-others', { _csrf: csrfTokenIn(page.body) });
    }

    async function adminActs(userId: string, action: 'sign-out-everywhere' | 'deactivate'): Promise<void> {
      const page = await adminBrowser.get(`/admin/users/${userId}`);
      const done = await adminBrowser.post(`/admin/users/${userId}/${action}`, {
        _csrf: csrfTokenIn(page.body),
        confirm: userId,
      });
      assert.equal(done.status, 200);
    }

    function assertSignedOutPage(page: Page, cause: RegExp): void {
      assert.equal(page.status, 401);
      assert.match(page.body, /<h1>Signed out<\/h1>/);
      assert.match(page.body, cause);
      assert.doesNotMatch(page.body, /This form has expired|another site/);
    }

    test('a form posted after another device signed this one out gets the signed-out page naming that device, and does nothing', async () => {
      const { user, laptop, phone, openForm } = await twoBrowsersWithAnOpenForm();
      await signOutOthersFrom(laptop);
      const posted = await phone.post('/account/password', {
        _csrf: csrfTokenIn(openForm.body),
        currentPassword: user.password,
        password: 'a password nobody set',
      });
      assertSignedOutPage(posted, /You were signed out from another device \(Firefox 121 on Linux\)\./);
      assert.match(posted.body, /href="\/login\?returnTo=%2F">Sign in again</);
      assert.equal((await laptop.login(user.email, user.password)).status, 200, 'the password is unchanged');
    });

    test('an administrator’s sign-out says so, on the page asked for and on the welcome page', async () => {
      const { user, phone } = await twoBrowsersWithAnOpenForm();
      await adminActs(user.id, 'sign-out-everywhere');
      assertSignedOutPage(await phone.get('/account'), /An administrator signed you out\. Sign in again to continue\./);
      assert.match(
        (await phone.get('/')).body,
        /<p class="notice" role="status">An administrator signed you out\.<\/p>/,
      );
    });

    test('a deactivation says so, and offers no sign-in that would be refused', async () => {
      const { user, phone, openForm } = await twoBrowsersWithAnOpenForm();
      await adminActs(user.id, 'deactivate');
      const posted = await phone.post('/account/password', { _csrf: csrfTokenIn(openForm.body) });
      assertSignedOutPage(posted, /You were signed out because your account was deactivated\./);
      assert.doesNotMatch(posted.body, /Sign in again/);
    });

    test('a password changed on another device says so', async () => {
      const { user, laptop, phone } = await twoBrowsersWithAnOpenForm();
      const account = await laptop.get('/account');
      const changed = await laptop.post('/account/password', {
        _csrf: csrfTokenIn(account.body),
        currentPassword: user.password,
        password: 'a brand new password',
      });
      assert.equal(changed.status, 200);
      assertSignedOutPage(await phone.get('/account/sessions'), /because your password was changed/);
    });

    test('a form posted after the session expired gets the signed-out page, not the CSRF page', async () => {
      const { openForm, phone } = await twoBrowsersWithAnOpenForm();
      t.clock.advance(61_000);
      const posted = await phone.post('/account/password', { _csrf: csrfTokenIn(openForm.body) });
      assertSignedOutPage(posted, /Your session has ended, so nothing was done\./);
    });

    test('a forged form without a session still gets the CSRF page', async () => {
      const posted = await new Browser(t.url).post('/account/password', { _csrf: 'forged' });
      assert.equal(posted.status, 403);
      assert.match(posted.body, /This form has expired/);
    });
  });

/**
 * FusionAuth answering an account action with a 4xx is the person's request being refused, not an
 * outage: each action lands on the page the person needs, never on "temporarily unavailable" (503),
 * and nothing is logged as an error. Some of these answers come from the dev server itself (recovery
 * codes without two-factor); the others are FusionAuth answers the dev server cannot be led to give,
 * served by the proxy in front of it.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Secret, TOTP } from 'otpauth';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn, type Page } from '../support/browser.ts';
import type { CountingProxy } from '../support/counting-proxy.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';
import { isRealFusionAuth } from '../support/fusionauth-target.ts';

const REFUSED_TWO_FACTOR = /Nothing was changed: the sign-in service did not accept this two-factor change/;

function assertNotUnavailable(page: Page): void {
  assert.ok(page.status < 500, `answered ${page.status}`);
  assert.doesNotMatch(page.body, /temporarily unavailable/i);
}

describe(
  'FusionAuth refusing an account action (4xx)',
  { skip: isRealFusionAuth() && 'turns on two-factor with the clock the test shares with the dev server' },
  () => {
    let t: TestApp;
    let proxy: CountingProxy;
    let admin: FusionAuthAdmin;
    const lines: string[] = [];
    before(async () => {
      t = await startTestApp({
        env: { SESSION_MODE: 'tokens', LOG_LEVEL: 'info' },
        countFusionAuthCalls: true,
        logStream: { write: (line) => lines.push(line) },
      });
      proxy = t.proxy as CountingProxy;
      admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
    });
    afterEach(() => {
      for (const prefix of [
        'GET /api/two-factor/secret',
        'POST /api/user/two-factor/',
        'DELETE /api/user/two-factor/',
        'POST /api/user/change-password',
        'POST /api/two-factor/start',
        'DELETE /api/jwt/refresh',
      ]) {
        proxy.answerWith(prefix, null);
      }
      assert.doesNotMatch(lines.join('\n'), /"level":50/, 'nothing logged as an error');
    });
    after(() => t.close());

    async function signedInBrowser(): Promise<{
      browser: Browser;
      page: Page;
      user: { id: string; email: string; password: string };
    }> {
      const user = await admin.createUser();
      const browser = new Browser(t.url);
      await browser.login(user.email, user.password);
      return { browser, page: await browser.get('/account'), user };
    }

    test('regression: new recovery codes for a person without two-factor led to a 503; now the account page says why', async () => {
      const { browser, page } = await signedInBrowser();
      const answer = await browser.post(
        '/account/two-factor/recovery-codes',
        { _csrf: csrfTokenIn(page.body) },
        { follow: false },
      );
      assert.equal(answer.status, 303);
      assert.equal(answer.headers.get('location'), '/account?notice=recovery-codes-refused');
      const account = await browser.get('/account?notice=recovery-codes-refused');
      assert.equal(account.status, 200);
      assert.match(
        account.body,
        /No new recovery codes were made: recovery codes exist only while two-factor sign-in is on/,
      );
    });

    test('a two-factor secret FusionAuth will not hand out sends the person back to the account page', async () => {
      const { browser } = await signedInBrowser();
      proxy.answerWith('GET /api/two-factor/secret', { status: 401 });
      const page = await browser.get('/account/two-factor');
      assertNotUnavailable(page);
      assert.equal(page.url, `${t.url}/account?notice=two-factor-refused`);
      assert.match(page.body, REFUSED_TWO_FACTOR);
    });

    test('turning two-factor on with a setup FusionAuth refuses (400) says nothing changed', async () => {
      const { browser } = await signedInBrowser();
      const setup = await browser.get('/account/two-factor');
      const secret = /name="secret" value="([^"]+)"/.exec(setup.body)?.[1] ?? '';
      proxy.answerWith('POST /api/user/two-factor/', {
        status: 400,
        body: { fieldErrors: { secret: [{ code: '[invalid]secret', message: 'Invalid secret.' }] } },
      });
      const page = await browser.post('/account/two-factor/enable', {
        _csrf: csrfTokenIn(setup.body),
        secret,
        code: '123456',
      });
      assertNotUnavailable(page);
      assert.equal(page.url, `${t.url}/account?notice=two-factor-refused`);
      assert.match(page.body, REFUSED_TWO_FACTOR);
      assert.match(page.body, /Set up an authenticator app/, 'two-factor is still off');
    });

    test('turning two-factor off when FusionAuth no longer finds the method (404) says nothing changed', async () => {
      const { browser } = await signedInBrowser();
      const setup = await browser.get('/account/two-factor');
      const secret = /name="secret" value="([^"]+)"/.exec(setup.body)?.[1] ?? '';
      const base32 = (/<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(setup.body)?.[1] ?? '').replace(/ /g, '');
      const code = new TOTP({ secret: Secret.fromBase32(base32), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
        timestamp: t.clock.now(),
      });
      const on = await browser.post('/account/two-factor/enable', { _csrf: csrfTokenIn(setup.body), secret, code });
      assert.match(on.body, /Two-factor sign-in is on/);
      proxy.answerWith('DELETE /api/user/two-factor/', { status: 404 });
      const page = await browser.post('/account/two-factor/disable', { _csrf: csrfTokenIn(on.body), code });
      assertNotUnavailable(page);
      assert.equal(page.url, `${t.url}/account?notice=two-factor-refused`);
      assert.match(page.body, REFUSED_TWO_FACTOR);
    });

    test('a password change FusionAuth refuses (401: the access token is no longer accepted) keeps the person on the account page', async () => {
      const { browser, page, user } = await signedInBrowser();
      proxy.answerWith('POST /api/user/change-password', { status: 401 });
      const answer = await browser.post('/account/password', {
        _csrf: csrfTokenIn(page.body),
        currentPassword: user.password,
        password: 'a brand new password',
      });
      assertNotUnavailable(answer);
      assert.equal(answer.status, 400);
      assert.match(answer.body, /Your password was not changed. Sign out, sign in again and retry./);
    });

    test('a password change whose two-factor step-up FusionAuth refuses (400) asks for the code again', async () => {
      const { browser, page, user } = await signedInBrowser();
      proxy.answerWith('POST /api/two-factor/start', {
        status: 400,
        body: { generalErrors: [{ code: '[TwoFactorNotEnabled]', message: 'Two-factor is not enabled.' }] },
      });
      const answer = await browser.post('/account/password', {
        _csrf: csrfTokenIn(page.body),
        currentPassword: user.password,
        password: 'a brand new password',
        code: '123456',
      });
      assertNotUnavailable(answer);
      assert.equal(answer.status, 400);
      assert.match(answer.body, /That code is not right/);
    });

    test('ending sessions still works when FusionAuth refuses to revoke their refresh tokens (404)', async () => {
      const { browser, user } = await signedInBrowser();
      const phone = new Browser(t.url);
      await phone.login(user.email, user.password);
      proxy.answerWith('DELETE /api/jwt/refresh', { status: 404 });
      const sessions = await browser.get('/account/sessions');
      const others = await browser.post('/account/sessions/revoke-others', { _csrf: csrfTokenIn(sessions.body) });
      assertNotUnavailable(others);
      assert.match((await phone.get('/')).body, /<h1>Welcome<\/h1>/, 'the other device is signed out');
      const all = await browser.post('/account/sessions/revoke-all', {
        _csrf: csrfTokenIn(others.body),
        confirm: 'everywhere',
      });
      assertNotUnavailable(all);
      assert.match(all.body, /<h1>Welcome<\/h1>/);
    });
  },
);

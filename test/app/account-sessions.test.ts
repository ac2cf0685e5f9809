import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn } from '../support/browser.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';

const CHROME_ON_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

for (const mode of ['user', 'tokens'] as const)
  describe(`the sessions page, ${mode} session mode`, () => {
    let t: TestApp;
    let admin: FusionAuthAdmin;
    before(async () => {
      t = await startTestApp({ env: { SESSION_MODE: mode } });
      admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
    });
    after(() => t.close());

    const refreshTokenIds = async (userId: string) =>
      ((await admin.client.retrieveRefreshTokens(userId)).response.refreshTokens ?? []).map((token) => token.id ?? '');

    async function signedInTwice() {
      const user = await admin.createUser();
      const laptop = new Browser(t.url);
      const phone = new Browser(t.url);
      await laptop.login(user.email, user.password);
      const form = await phone.get('/login', { headers: { 'user-agent': CHROME_ON_WINDOWS } });
      await phone.post(
        '/login',
        { _csrf: csrfTokenIn(form.body), email: user.email, password: user.password },
        { headers: { 'user-agent': CHROME_ON_WINDOWS } },
      );
      return { user, laptop, phone };
    }

    test('signed out, the page sends the person to sign in and back', async () => {
      const page = await new Browser(t.url).get('/account/sessions', { follow: false });
      assert.equal(page.status, 303);
      assert.equal(page.headers.get('location'), '/login?returnTo=%2Faccount%2Fsessions');
    });

    test('it lists every session of the person, marks this device, and names the browser', async () => {
      const { laptop } = await signedInTwice();
      const page = await laptop.get('/account/sessions');
      assert.equal((page.body.match(/action="\/account\/sessions\/[A-Za-z0-9_-]{22}\/revoke"/g) ?? []).length, 2);
      assert.match(page.body, /\(this device\)/);
      assert.match(page.body, /Chrome 120 on Windows 10/);
      assert.match(page.body, /127\.0\.0\.1/);
    });

    test('the public session id can never serve as a session cookie', async () => {
      const { laptop } = await signedInTwice();
      const page = await laptop.get('/account/sessions');
      const ids = [...page.body.matchAll(/\/account\/sessions\/([A-Za-z0-9_-]{22})\/revoke/g)].map((m) => m[1] ?? '');
      for (const id of ids) {
        const intruder = new Browser(t.url);
        intruder.cookies.set('session', id);
        assert.match((await intruder.get('/')).body, /<h1>Welcome<\/h1>/);
        assert.ok(![...laptop.cookies.values()].includes(id));
      }
    });

    test('signing the other device out ends its session and keeps this one', async () => {
      const { laptop, phone, user } = await signedInTwice();
      const tokensBefore = await refreshTokenIds(user.id);
      const page = await laptop.get('/account/sessions');
      const phoneRow = /<td>Chrome 120 on Windows 10[\s\S]*?action="(\/account\/sessions\/[^"]+\/revoke)"/.exec(
        page.body,
      );
      assert.ok(phoneRow?.[1]);
      const after = await laptop.post(phoneRow[1], { _csrf: csrfTokenIn(page.body) });
      assert.match(after.body, /Chrome 120 on Windows 10 was signed out\./);
      assert.match((await phone.get('/')).body, /<h1>Welcome<\/h1>/);
      assert.match((await laptop.get('/')).body, /Hello/);
      if (mode === 'tokens') assert.equal((await refreshTokenIds(user.id)).length, tokensBefore.length - 1);
    });

    test('sign out everywhere else ends the other sessions (and their refresh tokens) and keeps this one', async () => {
      const { laptop, phone, user } = await signedInTwice();
      const tokensBefore = await refreshTokenIds(user.id);
      const page = await laptop.get('/account/sessions');
      const after = await laptop.post('/account/sessions/revoke-others', { _csrf: csrfTokenIn(page.body) });
      assert.match(after.body, /signed out everywhere else/);
      assert.match((await phone.get('/')).body, /<h1>Welcome<\/h1>/);
      assert.match((await laptop.get('/')).body, /Hello/);
      const [kept] = await t.store.listUserSessions(user.id);
      assert.equal((await t.store.listUserSessions(user.id)).length, 1);
      if (mode === 'tokens') {
        const remaining = await refreshTokenIds(user.id);
        assert.equal(remaining.length, tokensBefore.length - 1, 'the other session’s refresh token is revoked');
        assert.ok(
          remaining.includes(kept?.session.tokens?.refreshTokenId ?? ''),
          'this session’s refresh token is kept',
        );
      }
    });

    test('each Sign out button names the device it signs out, for a screen reader as for the eye', async () => {
      const { laptop } = await signedInTwice();
      const page = await laptop.get('/account/sessions');
      const names = [
        ...page.body.matchAll(
          /<button type="submit" class="secondary">Sign out<span class="visually-hidden">([^<]*)<\/span><\/button>/g,
        ),
      ].map((m) => `Sign out${m[1]}`);
      assert.deepEqual(
        names.sort(),
        ['Sign out Chrome 120 on Windows 10', 'Sign out Unknown browser (this device)'].sort(),
      );
    });

    test("sign out everywhere asks first on a page of its own; a post without that page's confirmation ends nothing", async () => {
      const { laptop, phone, user } = await signedInTwice();
      const page = await laptop.get('/account/sessions');
      assert.match(
        page.body,
        /<a class="button danger" href="\/account\/sessions\/revoke-all">Sign out everywhere…<\/a>/,
      );
      assert.doesNotMatch(
        page.body,
        /<form method="post" action="\/account\/sessions\/revoke-all"/,
        'no button on the list acts at once',
      );
      const confirm = await laptop.get('/account/sessions/revoke-all');
      assert.match(confirm.body, /<h1>Sign out everywhere\?<\/h1>/);
      assert.match(confirm.body, /<a href="\/account\/sessions">Cancel<\/a>/);
      const unconfirmed = await laptop.post(
        '/account/sessions/revoke-all',
        { _csrf: csrfTokenIn(confirm.body) },
        { follow: false },
      );
      assert.equal(unconfirmed.status, 303);
      assert.equal(unconfirmed.headers.get('location'), '/account/sessions/revoke-all');
      assert.match((await phone.get('/')).body, /Hello/);
      assert.equal((await t.store.listUserSessions(user.id)).length, 2);
      assert.equal(
        (await new Browser(t.url).get('/account/sessions/revoke-all', { follow: false })).headers.get('location'),
        '/login?returnTo=%2Faccount%2Fsessions%2Frevoke-all',
        'signed out, the step sends the person to sign in',
      );
    });

    test('sign out everywhere, confirmed, ends every session of the person', async () => {
      const { laptop, phone, user } = await signedInTwice();
      const page = await laptop.get('/account/sessions/revoke-all');
      const after = await laptop.post('/account/sessions/revoke-all', {
        _csrf: csrfTokenIn(page.body),
        confirm: 'everywhere',
      });
      assert.match(after.body, /<h1>Welcome<\/h1>/);
      assert.match((await phone.get('/')).body, /<h1>Welcome<\/h1>/);
      assert.deepEqual(await t.store.listUserSessions(user.id), []);
      if (mode === 'tokens') assert.deepEqual(await refreshTokenIds(user.id), []);
    });

    test('another person’s session id cannot be revoked', async () => {
      const { laptop } = await signedInTwice();
      const { phone } = await signedInTwice();
      const victimPage = await laptop.get('/account/sessions');
      const victimId = /\/account\/sessions\/([A-Za-z0-9_-]{22})\/revoke/.exec(victimPage.body)?.[1];
      const attackerPage = await phone.get('/account/sessions');
      const result = await phone.post(`/account/sessions/${victimId}/revoke`, {
        _csrf: csrfTokenIn(attackerPage.body),
      });
      assert.match(result.body, /already ended/);
      assert.match((await laptop.get('/')).body, /Hello/);
    });
  });

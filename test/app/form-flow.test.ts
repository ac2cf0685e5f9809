import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn, setCookieLine } from '../support/browser.ts';
import { FusionAuthAdmin, uniqueEmail } from '../support/fusionauth-admin.ts';
import { isRealFusionAuth } from '../support/fusionauth-target.ts';

/** Past both USER_RECHECK_SECONDS (30 s) and the kickstart's access-token lifetime (300 s). */
const PAST_RECHECK_AND_TOKEN_EXPIRY_MS = 301_000;
/** Just past USER_RECHECK_SECONDS (30 s). */
const USER_RECHECK_MS = 31_000;

for (const mode of ['user', 'tokens'] as const)
  describe(`own-form registration and login, ${mode} session mode`, () => {
    let t: TestApp;
    let admin: FusionAuthAdmin;
    before(async () => {
      t = await startTestApp({ env: { SESSION_MODE: mode } });
      admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
    });
    after(() => t.close());

    test('a new person registers, sees their profile, reloads it, logs out, and logs in again', async () => {
      const browser = new Browser(t.url);
      const email = uniqueEmail();
      const registered = await browser.submit('/register', '/register', {
        email,
        password: 'correct horse',
        firstName: 'Ada',
        lastName: 'Lovelace',
      });
      assert.equal(registered.status, 200);
      assert.equal(new URL(registered.url).pathname, '/');
      assert.equal(registered.redirects, 1, 'one redirect, straight to the profile: no loop');
      assert.match(registered.body, new RegExp(`<dd>${email}</dd>`));
      assert.match(registered.body, /Hello, Ada Lovelace/);

      const reloaded = await browser.get('/');
      assert.match(reloaded.body, /Hello, Ada Lovelace/);
      assert.match(reloaded.body, /<dt>Name<\/dt><dd>Ada Lovelace<\/dd>/);
      assert.doesNotMatch(reloaded.body, /User id|Password change required/, 'no developer data on the profile');

      const loggedOut = await browser.post('/logout', { _csrf: csrfTokenIn(reloaded.body) });
      assert.match(loggedOut.body, /<h1>Welcome<\/h1>/);
      assert.match((await browser.get('/')).body, /<h1>Welcome<\/h1>/);

      const again = await browser.login(email, 'correct horse');
      assert.match(again.body, /Hello, Ada Lovelace/);
    });

    test(
      'a name changed at FusionAuth shows on the profile page once the user recheck is due, though the page had shown the old one',
      {
        skip:
          (mode === 'tokens' && 'the name comes from the user record fetched at sign-in; user mode rechecks it') ||
          (isRealFusionAuth() && 'advances the test clock, which a real FusionAuth does not share'),
      },
      async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        await browser.login(user.email, user.password);
        assert.match((await browser.get('/')).body, /Hello, Test Person/);
        await admin.client.patchUser(user.id, { user: { firstName: 'Renamed' } });
        t.clock.advance(USER_RECHECK_MS);
        assert.match((await browser.get('/')).body, /Hello, Renamed Person/);
      },
    );

    test('login issues a brand-new session token, and a logged-out token cannot be reused', async () => {
      const user = await admin.createUser();
      const browser = new Browser(t.url);
      await browser.login(user.email, user.password);
      const first = browser.cookies.get('session');
      assert.ok(first);

      await browser.login(user.email, user.password);
      const second = browser.cookies.get('session');
      assert.ok(second);
      assert.notEqual(second, first, 'a new session at every login');

      const stale = new Browser(t.url);
      stale.cookies.set('session', first);
      assert.match((await stale.get('/')).body, /<h1>Welcome<\/h1>/, 'the replaced session is gone');

      const page = await browser.get('/');
      await browser.post('/logout', { _csrf: csrfTokenIn(page.body) });
      const replay = new Browser(t.url);
      replay.cookies.set('session', second);
      assert.match((await replay.get('/')).body, /<h1>Welcome<\/h1>/, 'a logged-out token is dead');
    });

    test('the session cookie is HttpOnly, SameSite=Lax, Path=/, long-lived, and not Secure over http', async () => {
      const user = await admin.createUser();
      const browser = new Browser(t.url);
      const page = await browser.get('/login');
      const response = await browser.post(
        '/login',
        { _csrf: csrfTokenIn(page.body), email: user.email, password: user.password },
        { follow: false },
      );
      assert.equal(response.status, 303);
      const line = setCookieLine(response, 'session');
      assert.ok(line, 'a session cookie is set');
      assert.match(line, /^session=[A-Za-z0-9_-]{43};/);
      assert.match(line, /; HttpOnly/);
      assert.match(line, /; SameSite=Lax/);
      assert.match(line, /; Path=\//);
      assert.match(line, new RegExp(`; Max-Age=${14 * 24 * 3600}`));
      assert.doesNotMatch(line, /Secure/);
    });

    test('a duplicate email and a short password show next to their fields, values kept, password never echoed', async () => {
      const existing = await admin.createUser();
      const browser = new Browser(t.url);
      const duplicate = await browser.submit('/register', '/register', {
        email: existing.email.toUpperCase(),
        password: 'long enough password',
        firstName: 'Grace',
        lastName: 'Hopper',
      });
      assert.equal(duplicate.status, 400);
      assert.match(duplicate.body, /id="field-email-error" role="alert">An account with this email already exists\./);
      assert.match(duplicate.body, /value="Grace"/);
      assert.doesNotMatch(duplicate.body, /long enough password/);

      const short = await browser.submit('/register', '/register', {
        email: uniqueEmail(),
        password: 'short7!',
        firstName: '',
        lastName: '',
      });
      assert.equal(short.status, 400);
      assert.match(short.body, /id="field-password-error" role="alert">Password must be at least 8 characters\./);
      assert.match(short.body, /aria-describedby="field-password-error"/);
      assert.doesNotMatch(short.body, /short7!/);
    });

    test('a wrong password and an unknown email get the same status and message', async () => {
      const user = await admin.createUser();
      const wrongPassword = await new Browser(t.url).login(user.email, 'not the password');
      const unknownUser = await new Browser(t.url).login(uniqueEmail(), 'not the password');
      assert.equal(wrongPassword.status, 401);
      assert.equal(unknownUser.status, 401);
      const message = (page: string) => /class="form-error" role="alert">([^<]*)</.exec(page)?.[1];
      assert.equal(message(wrongPassword.body), 'Email or password is wrong.');
      assert.equal(message(unknownUser.body), message(wrongPassword.body));
    });

    test('an account that is not registered for this application is told so and not signed in', async () => {
      const user = await admin.createUser({ registered: false });
      const browser = new Browser(t.url);
      const page = await browser.login(user.email, user.password);
      assert.equal(page.status, 403);
      assert.match(page.body, /not registered for this application/);
      assert.equal(browser.cookies.get('session'), undefined);
    });

    test('a registration carrying the deactivated role cannot sign in', async () => {
      const user = await admin.createUser({ roles: ['user', 'deactivated'] });
      const browser = new Browser(t.url);
      const page = await browser.login(user.email, user.password);
      assert.equal(page.status, 403);
      assert.match(page.body, /deactivated for this application/);
      assert.equal(browser.cookies.get('session'), undefined);
    });

    test('a deactivated user is told the account is locked (FusionAuth 423)', async () => {
      const user = await admin.createUser();
      await admin.client.deactivateUser(user.id);
      const page = await new Browser(t.url).login(user.email, user.password);
      assert.equal(page.status, 423);
      assert.match(page.body, /locked or deactivated/);
    });

    test(
      'a user deactivated while signed in is logged out once the recheck (or the token refresh) is due',
      { skip: isRealFusionAuth() && 'advances the test clock, which a real FusionAuth does not share' },
      async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        await browser.login(user.email, user.password);
        await admin.client.deactivateUser(user.id);
        // FusionAuth's webhook may end the session at once; the recheck alone, with webhooks off
        // and the cookie cleared, is scenario 5 of test/app/revocation.test.ts.
        t.clock.advance(PAST_RECHECK_AND_TOKEN_EXPIRY_MS);
        assert.match((await browser.get('/')).body, /<h1>Welcome<\/h1>/);
        assert.equal((await t.store.listUserSessions(user.id)).length, 0);
      },
    );

    test('returnTo brings the person back to a same-site path, and a foreign one is ignored', async () => {
      const user = await admin.createUser();
      const browser = new Browser(t.url);
      const page = await browser.get('/login?returnTo=%2Flogout');
      const back = await browser.post(
        '/login?returnTo=%2Flogout%3Fx%3D1',
        { _csrf: csrfTokenIn(page.body), email: user.email, password: user.password },
        { follow: false },
      );
      assert.equal(back.headers.get('location'), '/', 'returning to /logout would be a loop');

      const other = new Browser(t.url);
      const form = await other.get('/login?returnTo=/account?tab=1');
      assert.match(form.body, /action="\/login\?returnTo=%2Faccount%3Ftab%3D1"/);
      const toPath = await other.post(
        '/login?returnTo=%2Faccount%3Ftab%3D1',
        { _csrf: csrfTokenIn(form.body), email: user.email, password: user.password },
        { follow: false },
      );
      assert.equal(toPath.headers.get('location'), '/account?tab=1');

      const evil = new Browser(t.url);
      const evilForm = await evil.get('/login');
      const foreign = await evil.post(
        '/login?returnTo=%2F%2Fevil.example',
        { _csrf: csrfTokenIn(evilForm.body), email: user.email, password: user.password },
        { follow: false },
      );
      assert.equal(foreign.headers.get('location'), '/');
    });

    test('GET /logout asks for confirmation and does not sign out by itself', async () => {
      const user = await admin.createUser();
      const browser = new Browser(t.url);
      await browser.login(user.email, user.password);
      const confirm = await browser.get('/logout');
      assert.match(confirm.body, /Do you want to sign out/);
      assert.match((await browser.get('/')).body, /Hello/);
    });
  });

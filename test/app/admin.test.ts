/** The admin page — who may use it, the user search, and actions that revoke without respawn. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn, type Page } from '../support/browser.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';
import { bothSignedOut, isSignedIn, userOnTwoBrowsers } from '../support/revocation.ts';

/** The form on `page` whose action contains `word`. */
function actionContaining(page: Page, word: string): string {
  const action = [...page.body.matchAll(/<form method="post" action="([^"]+)"/g)]
    .map((match) => match[1] ?? '')
    .find((path) => path.includes(word));
  assert.ok(action, `a form whose action contains "${word}"`);
  return action;
}

for (const mode of ['user', 'tokens'] as const)
  describe(`the admin page, ${mode} session mode`, () => {
    let t: TestApp;
    let fusionAuth: FusionAuthAdmin;
    let adminBrowser: Browser;
    let adminId: string;
    before(async () => {
      t = await startTestApp({ env: { SESSION_MODE: mode, RATE_LIMIT_MAX: '10000' } });
      fusionAuth = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
      const admin = await fusionAuth.createUser({ roles: ['user', 'admin'] });
      adminId = admin.id;
      adminBrowser = new Browser(t.url);
      await adminBrowser.login(admin.email, admin.password);
    });
    after(() => t.close());

    async function userPage(email: string): Promise<Page> {
      const search = await adminBrowser.get(`/admin?q=${encodeURIComponent(email)}`);
      const link = new RegExp(`<a href="(/admin/users/[0-9a-f-]{36})">${email.replace(/[.]/g, '\\.')}</a>`).exec(
        search.body,
      );
      assert.ok(link?.[1], `the search finds ${email}`);
      return adminBrowser.get(link[1]);
    }

    /** Follows the user page's "Deactivate for this app…" link and confirms on the page it opens. */
    async function deactivateFrom(page: Page): Promise<Page> {
      const href =
        /<a class="button secondary" href="(\/admin\/users\/[0-9a-f-]{36}\/deactivate)">Deactivate for this app…<\/a>/.exec(
          page.body,
        )?.[1];
      assert.ok(href, 'the user page links to the deactivation step');
      const confirm = await adminBrowser.get(href);
      const userId = /\/admin\/users\/([0-9a-f-]{36})\//.exec(href)?.[1] ?? '';
      return adminBrowser.post(actionContaining(confirm, 'deactivate'), {
        _csrf: csrfTokenIn(confirm.body),
        confirm: userId,
      });
    }

    test('signed out, /admin sends the person to sign in; signed in without the admin role, it is a 403 page', async () => {
      const anonymous = await new Browser(t.url).get('/admin', { follow: false });
      assert.equal(anonymous.status, 303);
      const { laptop } = await userOnTwoBrowsers(t, fusionAuth);
      const refused = await laptop.get('/admin');
      assert.equal(refused.status, 403);
      assert.match(refused.body, /Administrators only/);
      assert.equal((await laptop.get(`/admin/users/${adminId}`)).status, 403);
    });

    test('the profile page links to /admin for admins only', async () => {
      assert.match((await adminBrowser.get('/')).body, /href="\/admin">Administration</);
      const { laptop } = await userOnTwoBrowsers(t, fusionAuth);
      assert.doesNotMatch((await laptop.get('/')).body, /href="\/admin"/);
    });

    test('the search is a GET form with a text field over FusionAuth’s user search', async () => {
      const { user } = await userOnTwoBrowsers(t, fusionAuth);
      const page = await adminBrowser.get('/admin');
      assert.match(page.body, /<form method="get" action="\/admin"/);
      assert.match(page.body, /<input id="field-q" name="q" type="search"/);
      const found = await adminBrowser.get(`/admin?q=${encodeURIComponent(user.email)}`);
      assert.match(found.body, new RegExp(`/admin/users/${user.id}`));
      assert.match(found.body, /1 user\./);
      const none = await adminBrowser.get('/admin?q=nobody-at-all%20%22%29%28*');
      assert.equal(none.status, 200);
      assert.match(none.body, /No user of this application matches “nobody-at-all &quot;\)\(\*”\./);
      assert.doesNotMatch(none.body, /<table/, 'no table headers over nothing');
    });

    test('the user page shows the status as a badge, and Delete alone in a danger zone, apart from the reversible Deactivate', async () => {
      const user = await fusionAuth.createUser();
      const page = await userPage(user.email);
      assert.match(page.body, /<dt>Status<\/dt><dd><span class="badge badge-ok">active<\/span><\/dd>/);
      assert.match(page.body, /<a class="button secondary" href="[^"]+\/deactivate">Deactivate for this app…<\/a>/);
      assert.match(
        page.body,
        /<section class="danger-zone" aria-labelledby="danger-zone">\s*<h2 id="danger-zone">Danger zone<\/h2>[\s\S]*<a class="button danger" href="[^"]+\/delete">Delete user…<\/a>\s*<\/section>/,
      );
      assert.match(page.body, /No sessions: the user is signed in nowhere\./);
      assert.doesNotMatch(page.body, /sign-out-everywhere/, 'nothing to sign out');
    });

    test('3. an admin deactivates the user for this app: sessions gone within 1 s, user and registration kept with `deactivated`, login and registration refused', async (context) => {
      const { user, laptop, browsers } = await userOnTwoBrowsers(t, fusionAuth);
      const page = await userPage(user.email);
      assert.equal(
        (page.body.match(/<td>[^<]*<\/td><td data-label="IP address">127\.0\.0\.1<\/td>/g) ?? []).length,
        2,
        'both sessions listed',
      );
      const started = performance.now();
      const after = await deactivateFrom(page);
      await bothSignedOut(browsers);
      context.diagnostic(`admin deactivation to both sessions gone: ${(performance.now() - started).toFixed(0)} ms`);
      assert.match(after.body, /deactivated for this app/);

      const registration = (await fusionAuth.client.retrieveRegistration(user.id, fusionAuth.applicationId)).response
        .registration;
      assert.deepEqual(registration?.roles?.sort(), ['deactivated', 'user']);
      assert.equal((await fusionAuth.retrieveUser(user.id))?.active, true, 'the user is kept, and active elsewhere');

      const login = await laptop.login(user.email, user.password);
      assert.equal(login.status, 403);
      assert.match(login.body, /deactivated for this application/);
      assert.equal(await isSignedIn(laptop), false);

      const again = await new Browser(t.url).submit('/register', '/register', {
        email: user.email,
        password: 'another password 1',
        firstName: 'A',
        lastName: 'B',
      });
      assert.equal(again.status, 400);
      assert.match(
        again.body,
        /An account with this email already exists\. Sign in instead, or contact support if you cannot\./,
      );
      assert.equal(
        (await fusionAuth.retrieveUser(user.id))?.registrations?.length,
        1,
        'still one registration, still deactivated',
      );
    });

    test('reactivate lifts `deactivated`, and the user can sign in again', async () => {
      const { user, laptop, browsers } = await userOnTwoBrowsers(t, fusionAuth);
      let page = await userPage(user.email);
      await deactivateFrom(page);
      await bothSignedOut(browsers);
      page = await adminBrowser.get(`/admin/users/${user.id}`);
      const after = await adminBrowser.post(actionContaining(page, 'reactivate'), { _csrf: csrfTokenIn(page.body) });
      assert.match(after.body, /The user was reactivated/);
      await laptop.login(user.email, user.password);
      assert.ok(await isSignedIn(laptop));
    });

    test('sign out everywhere ends the user’s sessions and this app’s refresh tokens, and keeps the user', async () => {
      const { user, laptop, browsers } = await userOnTwoBrowsers(t, fusionAuth);
      const page = await userPage(user.email);
      await adminBrowser.post(actionContaining(page, 'sign-out-everywhere'), { _csrf: csrfTokenIn(page.body) });
      await bothSignedOut(browsers);
      const tokens = (await fusionAuth.client.retrieveRefreshTokens(user.id)).response.refreshTokens ?? [];
      assert.equal(tokens.filter((token) => token.applicationId === fusionAuth.applicationId).length, 0);
      await laptop.login(user.email, user.password);
      assert.ok(await isSignedIn(laptop), 'the user may sign in again');
    });

    test('delete asks for confirmation first, then deletes the user for good and ends their sessions', async () => {
      const { user, browsers } = await userOnTwoBrowsers(t, fusionAuth);
      const page = await userPage(user.email);
      const confirm = await adminBrowser.get(`/admin/users/${user.id}/delete`);
      assert.match(page.body, new RegExp(`href="/admin/users/${user.id}/delete"`));
      const unconfirmed = await adminBrowser.post(
        `/admin/users/${user.id}/delete`,
        { _csrf: csrfTokenIn(confirm.body) },
        { follow: false },
      );
      assert.equal(unconfirmed.status, 303);
      assert.ok(await fusionAuth.retrieveUser(user.id), 'not deleted without the confirmation');
      const deleted = await adminBrowser.post(actionContaining(confirm, 'delete'), {
        _csrf: csrfTokenIn(confirm.body),
        confirm: user.id,
      });
      assert.match(deleted.body, /The user was deleted/);
      await bothSignedOut(browsers);
      await assert.rejects(
        fusionAuth.client.retrieveUser(user.id),
        (error: { statusCode?: number }) => error.statusCode === 404,
      );
    });

    test('deactivating asks for confirmation on a page of its own; a post without it deactivates nobody', async () => {
      const { user, browsers } = await userOnTwoBrowsers(t, fusionAuth);
      const page = await userPage(user.email);
      assert.doesNotMatch(
        page.body,
        /<form method="post" action="[^"]*\/deactivate"/,
        'no button on the user page acts at once',
      );
      const confirm = await adminBrowser.get(`/admin/users/${user.id}/deactivate`);
      assert.equal(confirm.status, 200);
      assert.match(
        confirm.body,
        new RegExp(`<h1>Deactivate ${user.email.replace(/[.]/g, '\\.')} for this app\\?</h1>`),
      );
      assert.match(confirm.body, new RegExp(`<a href="/admin/users/${user.id}">Cancel</a>`));
      const unconfirmed = await adminBrowser.post(
        `/admin/users/${user.id}/deactivate`,
        { _csrf: csrfTokenIn(confirm.body) },
        { follow: false },
      );
      assert.equal(unconfirmed.status, 303);
      assert.equal(unconfirmed.headers.get('location'), `/admin/users/${user.id}/deactivate`);
      const wrongUser = await adminBrowser.post(
        `/admin/users/${user.id}/deactivate`,
        { _csrf: csrfTokenIn(confirm.body), confirm: adminId },
        { follow: false },
      );
      assert.equal(wrongUser.status, 303);
      for (const browser of browsers) assert.ok(await isSignedIn(browser), 'still signed in');
      assert.deepEqual((await fusionAuth.retrieveUser(user.id))?.registrations?.[0]?.roles, ['user']);
    });

    test('every action refuses a post without a CSRF token, and a non-admin’s post', async () => {
      const { user, laptop, browsers } = await userOnTwoBrowsers(t, fusionAuth);
      for (const action of ['sign-out-everywhere', 'deactivate', 'reactivate', 'delete']) {
        const forged = await adminBrowser.post(`/admin/users/${user.id}/${action}`, { confirm: user.id });
        assert.equal(forged.status, 403, action);
      }
      const home = await laptop.get('/');
      const byUser = await laptop.post(`/admin/users/${user.id}/deactivate`, { _csrf: csrfTokenIn(home.body) });
      assert.equal(byUser.status, 403);
      for (const browser of browsers) assert.ok(await isSignedIn(browser));
      assert.deepEqual((await fusionAuth.retrieveUser(user.id))?.registrations?.[0]?.roles, ['user']);
    });

    test('an admin cannot deactivate or delete their own account', async () => {
      const page = await adminBrowser.get(`/admin/users/${adminId}`);
      assert.doesNotMatch(page.body, /deactivate"/);
      assert.equal(
        (await adminBrowser.get(`/admin/users/${adminId}/deactivate`)).status,
        409,
        'not even the confirmation step',
      );
      const refused = await adminBrowser.post(`/admin/users/${adminId}/deactivate`, {
        _csrf: csrfTokenIn(page.body),
        confirm: adminId,
      });
      assert.equal(refused.status, 409);
      assert.ok(await isSignedIn(adminBrowser));
    });
  });

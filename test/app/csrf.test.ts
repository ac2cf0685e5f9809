import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn } from '../support/browser.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';

/** Every route that changes state, read from the running app so a new route cannot slip by (CSRF protection that is configured but guards no route is a classic failure). */
function stateChangingRoutes(t: TestApp): string[] {
  // Fastify prints a tree: a route under another (`/login` → `/passkey`) shows only its own part, indented.
  const tree = t.app.printRoutes({ commonPrefix: false, method: 'POST' });
  const parents: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (\S+)( \(POST\))?/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    parents.length = depth;
    const path = (parents[depth - 1] ?? '') + (match[2] ?? '');
    parents.push(path);
    if (match[3]) routes.push(path);
  }
  return routes.filter((route) => route !== SIGNED_WEBHOOK_ROUTE);
}

/** Authenticated by FusionAuth's signature instead of a CSRF token; checked on its own below. */
const SIGNED_WEBHOOK_ROUTE = '/webhooks/fusionauth';

describe('CSRF protection on every state-changing route', () => {
  let t: TestApp;
  let browser: Browser;
  let token: string;
  before(async () => {
    t = await startTestApp();
    const user = await new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId).createUser();
    browser = new Browser(t.url);
    const profile = await browser.login(user.email, user.password);
    token = csrfTokenIn(profile.body);
  });
  after(() => t.close());

  test('the app has state-changing routes to check', () => {
    assert.deepEqual(stateChangingRoutes(t).sort(), [
      '/account/confirm',
      '/account/confirm/passkey/options',
      '/account/passkeys',
      '/account/passkeys/:id/remove',
      '/account/passkeys/options',
      '/account/password',
      '/account/password-changed/remove-others',
      '/account/sessions/:id/revoke',
      '/account/sessions/revoke-all',
      '/account/sessions/revoke-others',
      '/account/two-factor/disable',
      '/account/two-factor/enable',
      '/account/two-factor/recovery-codes',
      '/admin/users/:userId/deactivate',
      '/admin/users/:userId/delete',
      '/admin/users/:userId/reactivate',
      '/admin/users/:userId/sign-out-everywhere',
      '/change-password',
      '/forgot-password',
      '/login',
      '/login/passkey',
      '/login/passkey/options',
      '/logout',
      '/register',
      '/reset-password/:id',
      '/two-factor',
      '/verify-email/:id',
      '/verify-email/resend',
      '/verify-registration/:id',
      '/verify-registration/resend',
    ]);
  });

  test('the one route without CSRF, FusionAuth’s webhook, refuses anything unsigned with 401', async () => {
    const page = await browser.post(SIGNED_WEBHOOK_ROUTE, { _csrf: token }, { follow: false });
    assert.equal(page.status, 401);
  });

  test('a post without a token is refused with a 403 page and changes nothing', async () => {
    for (const route of stateChangingRoutes(t)) {
      const page = await browser.post(route, {}, { follow: false });
      assert.equal(page.status, 403, route);
      assert.match(page.body, /This form has expired/, route);
    }
    assert.match((await browser.get('/')).body, /Hello/, 'still signed in');
  });

  test('a post with a wrong or forged token is refused with 403', async () => {
    for (const route of stateChangingRoutes(t)) {
      const page = await browser.post(route, { _csrf: `${token.slice(0, -2)}xx` }, { follow: false });
      assert.equal(page.status, 403, route);
    }
  });

  test('a post from a foreign Origin or a cross-site fetch is refused with 403, even with a valid token', async () => {
    for (const route of stateChangingRoutes(t)) {
      const foreignOrigin = await browser.post(
        route,
        { _csrf: token },
        { follow: false, headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } },
      );
      assert.equal(foreignOrigin.status, 403, route);
      const sameSite = await browser.post(
        route,
        { _csrf: token },
        { follow: false, headers: { 'sec-fetch-site': 'same-site' } },
      );
      assert.equal(sameSite.status, 403, route);
      // An older browser (or a non-browser client) sends Origin without Sec-Fetch-Site: the Origin check alone refuses it.
      const originOnly = await browser.request('POST', route, new URLSearchParams({ _csrf: token }).toString(), {
        follow: false,
        headers: { origin: 'https://evil.example' },
      });
      assert.equal(originOnly.status, 403, `${route} with a foreign Origin and no Sec-Fetch-Site`);
    }
    assert.match((await browser.get('/')).body, /Hello/, 'still signed in');
  });

  test('a token from one session is refused in another', async () => {
    const other = new Browser(t.url);
    const page = await other.post('/logout', { _csrf: token }, { follow: false });
    assert.equal(page.status, 403);
  });
});

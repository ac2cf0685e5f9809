/**
 * The returnTo rule where it matters: the Location the app sends after a form sign-in, after the OAuth
 * callback, and at once to a person already signed in who opens /login?returnTo=… (one click, no password).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn } from '../support/browser.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';
import { isHostedLoginPage, submitHostedForm } from '../support/hosted-pages.ts';
import { isRealFusionAuth } from '../support/fusionauth-target.ts';

/** Dot segments that a URL parser collapses into the protocol-relative `//evil.example`. */
const COLLAPSING = ['/..//evil.example', '/.//evil.example', '/%2e%2e//evil.example', '/a/../..//evil.example'];

function assertSameOriginRedirect(location: string | null, appUrl: string): void {
  assert.equal(location, '/');
  assert.equal(new URL(location ?? '', appUrl).origin, new URL(appUrl).origin);
}

describe('regression: returnTo dot segments that collapse to another host, form sign-in', () => {
  let t: TestApp;
  let admin: FusionAuthAdmin;
  before(async () => {
    t = await startTestApp();
    admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
  });
  after(() => t.close());

  for (const attempt of COLLAPSING) {
    test(`POST /login?returnTo=${attempt} signs in and lands on /`, async () => {
      const user = await admin.createUser();
      const browser = new Browser(t.url);
      const query = `?returnTo=${encodeURIComponent(attempt)}`;
      const form = await browser.get(`/login${query}`);
      const page = await browser.post(
        `/login${query}`,
        { _csrf: csrfTokenIn(form.body), email: user.email, password: user.password },
        { follow: false },
      );
      assert.equal(page.status, 303);
      assertSameOriginRedirect(page.headers.get('location'), t.url);
    });

    test(`a signed-in person opening /login?returnTo=${attempt} is sent to /`, async () => {
      const user = await admin.createUser();
      const browser = new Browser(t.url);
      await browser.login(user.email, user.password);
      const page = await browser.get(`/login?returnTo=${encodeURIComponent(attempt)}`, { follow: false });
      assert.equal(page.status, 303);
      assertSameOriginRedirect(page.headers.get('location'), t.url);
    });
  }
});

describe(
  'regression: returnTo dot segments that collapse to another host, OAuth sign-in',
  {
    skip:
      isRealFusionAuth() &&
      'the test app listens on a random port, whose /oauth-callback the FusionAuth application does not authorize',
  },
  () => {
    let t: TestApp;
    let admin: FusionAuthAdmin;
    before(async () => {
      t = await startTestApp({ env: { LOGIN_FLOW: 'oauth' } });
      admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
    });
    after(() => t.close());

    for (const attempt of COLLAPSING) {
      test(`the OAuth callback after /login?returnTo=${attempt} lands on /`, async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        const hosted = await browser.get(`/login?returnTo=${encodeURIComponent(attempt)}`);
        assert.ok(isHostedLoginPage(hosted));
        const toCallback = await submitHostedForm(
          browser,
          hosted,
          { loginId: user.email, password: user.password },
          { follow: false },
        );
        const callback = await browser.get(toCallback.headers.get('location') ?? '', { follow: false });
        assert.equal(callback.status, 303);
        assertSameOriginRedirect(callback.headers.get('location'), t.url);
      });

      test(`a signed-in person opening /login?returnTo=${attempt} in OAuth mode is sent to /`, async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        await submitHostedForm(browser, await browser.get('/login'), { loginId: user.email, password: user.password });
        const page = await browser.get(`/login?returnTo=${encodeURIComponent(attempt)}`, { follow: false });
        assert.equal(page.status, 303);
        assertSameOriginRedirect(page.headers.get('location'), t.url);
      });
    }
  },
);

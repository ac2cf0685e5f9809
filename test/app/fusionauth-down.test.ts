import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser } from '../support/browser.ts';
import { isRealFusionAuth } from '../support/fusionauth-target.ts';
import { sessionKeyOf } from '../../src/sessions/session-token.ts';

describe('FusionAuth unreachable', { skip: isRealFusionAuth() ? 'stops the dev server' : false }, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    await t.fusionAuth.close();
  });
  after(() => t.close());

  test('a login attempt gets a 503 page that says sign-in is temporarily unavailable', async () => {
    const page = await new Browser(t.url).login('richard@example.com', 'password');
    assert.equal(page.status, 503);
    assert.match(page.body, /Sign-in is temporarily unavailable/);
    assert.doesNotMatch(page.body, /ECONNREFUSED|at .*\.ts:\d+/, 'no internals leak');
  });

  test('a registration attempt gets the same 503 page', async () => {
    const page = await new Browser(t.url).submit('/register', '/register', { email: 'x@example.com', password: 'long enough', firstName: '', lastName: '' });
    assert.equal(page.status, 503);
  });

  test('pages that do not need FusionAuth keep working', async () => {
    const browser = new Browser(t.url);
    assert.equal((await browser.get('/')).status, 200);
    assert.equal((await browser.get('/login')).status, 200);
    assert.equal((await browser.get('/static/style.css')).status, 200);
  });
});

for (const mode of ['user', 'tokens'] as const) {
  describe(`FusionAuth going away while someone is signed in, ${mode} mode`, { skip: isRealFusionAuth() ? 'stops the dev server' : false }, () => {
    let t: TestApp;
    let browser: Browser;
    before(async () => {
      t = await startTestApp({ env: { SESSION_MODE: mode } });
      browser = new Browser(t.url);
      assert.match((await browser.login('richard@example.com', 'password')).body, /Hello/);
      await t.fusionAuth.close();
    });
    after(() => t.close());

    test('pages keep coming until the recheck or the token refresh is due, then a 503 — not a logout', async () => {
      assert.match((await browser.get('/')).body, /Hello/, 'served from the confirmed user or the valid token');
      t.clock.advance(301_000);
      const page = await browser.get('/');
      assert.equal(page.status, 503);
      assert.match(page.body, /temporarily unavailable/i);
      const token = browser.cookies.get('session') ?? '';
      assert.notEqual(await t.store.get(sessionKeyOf(token)), null, 'the session is kept for when FusionAuth returns');
    });
  });
}

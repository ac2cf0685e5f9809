/**
 * The states between actions: the sessions page with no other device, what the welcome page confirms
 * after a sign-out (and on how many devices after "everywhere"), and times people read at a glance.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn } from '../support/browser.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';

describe('empty and after states', () => {
  let t: TestApp;
  let admin: FusionAuthAdmin;
  before(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_MAX: '10000' } });
    admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
  });
  after(() => t.close());

  async function signedIn(): Promise<Browser> {
    const user = await admin.createUser();
    const browser = new Browser(t.url);
    await browser.login(user.email, user.password);
    return browser;
  }

  test('with no other device, the sessions page says so and offers no "Sign out everywhere else"', async () => {
    const page = await (await signedIn()).get('/account/sessions');
    assert.match(page.body, /Only this device is signed in\./);
    assert.doesNotMatch(page.body, /Sign out everywhere else/);
    assert.match(page.body, /Sign out everywhere…/);
  });

  test('after signing out, the welcome page says "You are signed out."', async () => {
    const browser = await signedIn();
    const done = await browser.post('/logout', { _csrf: csrfTokenIn((await browser.get('/')).body) });
    assert.match(done.body, /<h1>Welcome<\/h1>\s*<p class="notice" role="status">You are signed out\.<\/p>/);
  });

  test('after signing out everywhere, it says on how many devices', async () => {
    const user = await admin.createUser();
    const [laptop, phone, tablet] = [new Browser(t.url), new Browser(t.url), new Browser(t.url)];
    for (const browser of [laptop, phone, tablet]) await browser.login(user.email, user.password);
    const confirm = await laptop.get('/account/sessions/revoke-all');
    const done = await laptop.post('/account/sessions/revoke-all', {
      _csrf: csrfTokenIn(confirm.body),
      confirm: 'everywhere',
    });
    assert.match(done.body, /You are signed out everywhere: 3 devices\./);
  });

  test('session times are relative, never wrap, and carry the exact time in their title', async () => {
    const browser = await signedIn();
    const fresh = await browser.get('/account/sessions');
    assert.match(
      fresh.body,
      /<time datetime="[^"]+Z" title="\d{4}-\d\d-\d\d \d\d:\d\d UTC" class="when">just now<\/time>/,
    );
    t.clock.advance(5 * 60_000 + 1_000);
    const later = await browser.get('/account/sessions');
    assert.match(later.body, /<td data-label="Signed in"><time [^>]+>5 minutes ago<\/time>/);
  });
});

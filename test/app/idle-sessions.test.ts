import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser } from '../support/browser.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';
import { isRealFusionAuth } from '../support/fusionauth-target.ts';

const IDLE_SECONDS = 600;
const METRICS_TOKEN = 'metrics-token-for-idle-session-tests-0123456789';

for (const store of ['file', 'memory'] as const) {
  describe(`idle sessions (${store} store)`, { skip: isRealFusionAuth() && 'advances the test clock' }, () => {
    let t: TestApp;
    let admin: FusionAuthAdmin;
    before(async () => {
      t = await startTestApp({
        env: { SESSION_STORE: store, SESSION_IDLE_SECONDS: String(IDLE_SECONDS), METRICS_TOKEN },
      });
      admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
    });
    after(() => t.close());

    async function signedInBrowser(): Promise<Browser> {
      const user = await admin.createUser();
      const browser = new Browser(t.url);
      assert.match((await browser.login(user.email, user.password)).body, /Sign out/);
      return browser;
    }

    /** How many session writes (touches included) the store has timed so far. */
    async function storeUpdates(): Promise<number> {
      const response = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      const line = /^app_session_store_duration_seconds_count\{operation="update"\} (\d+)$/m.exec(
        await response.text(),
      );
      return Number(line?.[1] ?? 0);
    }

    test('a session left alone for longer than SESSION_IDLE_SECONDS is signed out', async () => {
      const browser = await signedInBrowser();
      t.clock.advance((IDLE_SECONDS + 1) * 1000);
      assert.match((await browser.get('/')).body, /<h1>Welcome<\/h1>/);
    });

    test('a session in use keeps moving its idle deadline, past the first one', async () => {
      const browser = await signedInBrowser();
      for (let step = 0; step < 3; step++) {
        t.clock.advance((IDLE_SECONDS - 100) * 1000);
        assert.match((await browser.get('/')).body, /Sign out/, `still signed in after ${step + 1} pauses`);
      }
    });

    test('a burst of requests after a pause moves the idle deadline with one store write, not one per request', async () => {
      const browser = await signedInBrowser();
      t.clock.advance(120_000);
      const before = await storeUpdates();
      const pages = await Promise.all(Array.from({ length: 20 }, () => browser.get('/')));
      assert.ok(
        pages.every((page) => page.body.includes('Sign out')),
        'every request of the burst is signed in',
      );
      const writes = (await storeUpdates()) - before;
      // One write, or two when a request read the session just before the first write landed.
      assert.ok(writes >= 1 && writes <= 2, `${writes} store writes for a burst of 20 requests`);
    });
  });
}

/**
 * A Redis that keeps its connections open but stops answering (SIGSTOP: swapped out, frozen VM,
 * overloaded) must not hold requests: every command gives up after REDIS_COMMAND_TIMEOUT_MS (1 s by
 * default), the page is the 503 page, /readyz says so, and the app recovers by itself once Redis answers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn, type Page } from '../support/browser.ts';
import { findFreePort } from '../support/free-port.ts';
import { isRealFusionAuth } from '../support/fusionauth-target.ts';
import { startRedisServer, stopRedisServer } from '../support/redis-fixtures.ts';

/**
 * The default command timeout plus room for a loaded machine: a request waits for Redis once, whatever it asks
 * of it (a sign-in asks three times: two rate-limit counters and its new session, and took 3 s).
 */
const FAIL_FAST_MS = 1_500;

async function timed(load: () => Promise<Page>): Promise<{ page: Page; ms: number }> {
  const started = performance.now();
  const page = await load();
  return { page, ms: performance.now() - started };
}

describe(
  'regression: a hung Redis held requests for seconds',
  {
    skip:
      isRealFusionAuth() && 'signs in as the kickstart user richard@example.com, whom a real FusionAuth need not have',
  },
  () => {
    let redis: ChildProcess;
    let t: TestApp;
    before(async () => {
      const redisPort = await findFreePort();
      redis = await startRedisServer(redisPort);
      // Rate-limit counters in the same Redis, as `npm start` keeps them with SESSION_STORE=redis.
      t = await startTestApp({
        env: { SESSION_STORE: 'redis', REDIS_URL: `redis://127.0.0.1:${redisPort}` },
        shareRateLimits: true,
      });
      // The store's client refuses commands until it has connected: the first sign-in must not race it.
      for (let i = 0; i < 100 && !(await t.store.ping()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    });
    after(async () => {
      redis.kill('SIGCONT');
      await t.close();
      await stopRedisServer(redis);
    });

    test('with Redis stopped, pages fail fast with the 503 page and /readyz says so; after it resumes the person is still signed in', async () => {
      const browser = new Browser(t.url);
      assert.match((await browser.login('richard@example.com', 'password')).body, /Hello/);
      assert.equal(t.config.session.redisCommandTimeoutMs, 1_000, 'the default');

      redis.kill('SIGSTOP');
      for (const path of ['/', '/account', '/account/sessions']) {
        const { page, ms } = await timed(() => browser.get(path));
        assert.equal(page.status, 503, path);
        assert.match(page.body, /Temporarily unavailable/);
        assert.ok(ms < FAIL_FAST_MS, `${path} answered in ${Math.round(ms)} ms`);
      }
      const other = new Browser(t.url);
      const form = await other.get('/login');
      const { page: signIn, ms: signInMs } = await timed(() =>
        other.post('/login', { _csrf: csrfTokenIn(form.body), email: 'richard@example.com', password: 'password' }),
      );
      assert.equal(signIn.status, 503, 'a sign-in cannot store its session');
      assert.ok(signInMs < FAIL_FAST_MS, `the sign-in answered in ${Math.round(signInMs)} ms`);
      const { page: again, ms: againMs } = await timed(() =>
        browser.post('/login', { _csrf: 'any', email: 'richard@example.com', password: 'password' }),
      );
      assert.equal(again.status, 503, 'a signed-in browser cannot even load its session');
      assert.ok(againMs < FAIL_FAST_MS, `its sign-in answered in ${Math.round(againMs)} ms`);
      const { page: ready, ms: readyMs } = await timed(() => browser.get('/readyz'));
      assert.equal(ready.status, 503);
      assert.match(ready.body, /"sessionStore":"down"/);
      assert.ok(readyMs < FAIL_FAST_MS, `/readyz answered in ${Math.round(readyMs)} ms`);
      assert.equal((await browser.get('/healthz')).status, 200, 'the process itself is alive');

      redis.kill('SIGCONT');
      let readyAgain = 503;
      for (let i = 0; i < 50 && readyAgain !== 200; i++) {
        readyAgain = (await browser.get('/readyz')).status;
        if (readyAgain !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(readyAgain, 200, 'ready again without a restart');
      assert.match((await browser.get('/')).body, /Hello/, 'the session was kept all along');
    });
  },
);

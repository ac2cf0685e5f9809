import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser } from '../support/browser.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';
import { isRealFusionAuth, startFusionAuthTarget } from '../support/fusionauth-target.ts';
import { findFreePort } from '../support/free-port.ts';
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
    const page = await new Browser(t.url).submit('/register', '/register', {
      email: 'x@example.com',
      password: 'long enough',
      firstName: '',
      lastName: '',
    });
    assert.equal(page.status, 503);
  });

  test('pages that do not need FusionAuth keep working', async () => {
    const browser = new Browser(t.url);
    assert.equal((await browser.get('/')).status, 200);
    assert.equal((await browser.get('/login')).status, 200);
    assert.equal((await browser.get('/static/style.css')).status, 200);
  });
});

const RECHECK_MS = 30_000;
const PAST_GRACE_MS = 30_000 + 600_000 + 1_000;
const stopsTheDevServer = { skip: isRealFusionAuth() ? 'stops the dev server' : false };

/** Signs richard in, then stops FusionAuth; with `behindProxy` the app then gets 502s instead of refused connections. */
async function signInThenStopFusionAuth(
  env: Record<string, string>,
  options: { behindProxy?: boolean } = {},
): Promise<{ t: TestApp; browser: Browser; logs: string[] }> {
  const logs: string[] = [];
  const t = await startTestApp({
    env: { LOG_LEVEL: 'warn', ...env },
    logStream: { write: (line) => logs.push(line) },
    countFusionAuthCalls: options.behindProxy,
  });
  const browser = new Browser(t.url);
  assert.match((await browser.login('richard@example.com', 'password')).body, /Hello/);
  await t.fusionAuth.close();
  return { t, browser, logs };
}

async function assertSessionKept(t: TestApp, browser: Browser): Promise<void> {
  const token = browser.cookies.get('session') ?? '';
  assert.notEqual(await t.store.get(sessionKeyOf(token)), null, 'the session is kept for when FusionAuth returns');
}

describe('FusionAuth going away while someone is signed in, user mode', stopsTheDevServer, () => {
  test('past the recheck the last confirmed user is still served, logged and counted, for USER_STALE_IF_ERROR_SECONDS; then a 503, not a logout', async () => {
    const metricsToken = 'metrics-token-for-tests-0123456789abcdef';
    const { t, browser, logs } = await signInThenStopFusionAuth({ METRICS_TOKEN: metricsToken });
    try {
      t.clock.advance(RECHECK_MS + 1_000);
      assert.match((await browser.get('/')).body, /Hello/, 'FusionAuth refusing connections: the confirmation stands');
      assert.match(logs.join(''), /serving the last confirmed user/);
      const metrics = await (
        await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })
      ).text();
      assert.match(metrics, /^app_stale_user_serves_total 1$/m);
      t.clock.advance(PAST_GRACE_MS - RECHECK_MS - 1_000);
      const page = await browser.get('/');
      assert.equal(page.status, 503);
      assert.match(page.body, /temporarily unavailable/i);
      await assertSessionKept(t, browser);
    } finally {
      await t.close();
    }
  });

  test('FusionAuth answering 5xx counts as unreachable: the last confirmed user is still served', async () => {
    const { t, browser } = await signInThenStopFusionAuth({}, { behindProxy: true });
    try {
      t.clock.advance(RECHECK_MS + 1_000);
      assert.match((await browser.get('/')).body, /Hello/);
    } finally {
      await t.close();
    }
  });

  test('a FusionAuth that stops answering costs one request its timeout; the pages after it are served from the grace at once', async () => {
    const t = await startTestApp({ countFusionAuthCalls: true });
    try {
      const browser = new Browser(t.url);
      assert.match((await browser.login('richard@example.com', 'password')).body, /Hello/);
      t.proxy?.stopAnswering();
      t.clock.advance(RECHECK_MS + 1_000);
      const timed = async () => {
        const started = performance.now();
        const page = await browser.get('/');
        return { page, seconds: (performance.now() - started) / 1000 };
      };
      const first = await timed();
      assert.match(first.page.body, /Hello/);
      assert.ok(first.seconds >= 4, `the first waited for FusionAuth's timeout (${first.seconds.toFixed(1)} s)`);
      const second = await timed();
      assert.match(second.page.body, /Hello/);
      assert.ok(second.seconds < 1, `the next did not wait (${second.seconds.toFixed(2)} s)`);
    } finally {
      await t.close();
    }
  });

  test('USER_STALE_IF_ERROR_SECONDS=0 turns the grace off: a 503 as soon as the recheck is due, and the session is kept', async () => {
    const { t, browser } = await signInThenStopFusionAuth({ USER_STALE_IF_ERROR_SECONDS: '0' });
    try {
      assert.match((await browser.get('/')).body, /Hello/, 'within the recheck nothing is asked');
      t.clock.advance(RECHECK_MS + 1_000);
      assert.equal((await browser.get('/')).status, 503);
      await assertSessionKept(t, browser);
    } finally {
      await t.close();
    }
  });
});

describe(
  'a FusionAuth answer still ends sessions at once, grace or not',
  { skip: isRealFusionAuth() ? 'moves the clock the dev server shares' : false },
  () => {
    test('a user deactivated while no webhook reaches the app is signed out at the next recheck, not served from the grace', async () => {
      // FusionAuth's webhook goes to a port nobody listens on, so only the recheck can notice.
      const fusionAuth = await startFusionAuthTarget({ env: { APP_URL: `http://127.0.0.1:${await findFreePort()}` } });
      const t = await startTestApp({ fusionAuth });
      try {
        const admin = new FusionAuthAdmin(fusionAuth, t.config.fusionAuth.clientId);
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        assert.match((await browser.login(user.email, user.password)).body, /Hello/);
        await admin.client.deactivateUser(user.id);
        t.clock.advance(RECHECK_MS + 1_000);
        assert.match((await browser.get('/')).body, /<h1>Welcome<\/h1>/);
        assert.equal(await t.store.get(sessionKeyOf(browser.cookies.get('session') ?? '')), null);
      } finally {
        await t.close();
        await fusionAuth.close();
      }
    });
  },
);

describe('FusionAuth going away while someone is signed in, tokens mode', stopsTheDevServer, () => {
  let t: TestApp;
  let browser: Browser;
  before(async () => {
    ({ t, browser } = await signInThenStopFusionAuth({ SESSION_MODE: 'tokens' }));
  });
  after(() => t.close());

  test('an access token that still verifies keeps working; a refresh that cannot reach FusionAuth gives a 503 and keeps the session', async () => {
    t.clock.advance(RECHECK_MS + 1_000);
    assert.match((await browser.get('/')).body, /Hello/, 'served from the valid token, checked locally');
    t.clock.advance(301_000);
    const page = await browser.get('/');
    assert.equal(page.status, 503);
    assert.match(page.body, /temporarily unavailable/i);
    await assertSessionKept(t, browser);
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn } from '../support/browser.ts';
import { startCountingProxy, type CountingProxy } from '../support/counting-proxy.ts';
import { findFreePort } from '../support/free-port.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';
import { isRealFusionAuth, startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { createTestClock } from '../support/test-clock.ts';
import { isHostedLoginPage, submitHostedForm } from '../support/hosted-pages.ts';
import { bothSignedOut } from '../support/revocation.ts';
import { eventBody, signWebhookBody } from '../support/webhook-events.ts';
import {
  deleteKeysWithPrefix,
  sharedRedisUrl,
  skipRedisSuites,
  startRedisServer,
  stopRedisServer,
} from '../support/redis-fixtures.ts';

const PAST_TOKEN_EXPIRY_MS = 301_000;

describe('two app instances on one Redis act as one app', { skip: skipRedisSuites }, () => {
  const prefix = `fa-test-${randomUUID().slice(0, 8)}:`;
  let fusionAuth: FusionAuthTarget;
  let proxy: CountingProxy;
  let a: TestApp;
  let b: TestApp;
  let admin: FusionAuthAdmin;
  let redisUrl: string;
  const clock = createTestClock();
  before(async () => {
    // FusionAuth's webhook goes to instance B only, as a load balancer would send it to one instance.
    const portOfB = await findFreePort();
    fusionAuth = await startFusionAuthTarget({ now: clock.now, env: { APP_URL: `http://127.0.0.1:${portOfB}` } });
    proxy = await startCountingProxy(fusionAuth.url);
    const shared = { ...fusionAuth, url: proxy.url };
    redisUrl = await sharedRedisUrl();
    const env = { SESSION_STORE: 'redis', REDIS_URL: redisUrl, REDIS_PREFIX: prefix, SESSION_MODE: 'tokens' };
    a = await startTestApp({ env, fusionAuth: shared, clock });
    b = await startTestApp({ env, fusionAuth: shared, clock, port: portOfB });
    admin = new FusionAuthAdmin(fusionAuth, a.config.fusionAuth.clientId);
  });
  after(async () => {
    await a.close();
    await b.close();
    await proxy.close();
    await fusionAuth.close();
    const redis = new Redis(redisUrl);
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  });

  test('a session created on one instance works on the other, and logout on either is seen by both', async () => {
    const user = await admin.createUser();
    const onA = new Browser(a.url);
    await onA.login(user.email, user.password);
    const onB = onA.twinOn(b.url);
    const profile = await onB.get('/');
    assert.match(profile.body, /Hello/);
    await onB.post('/logout', { _csrf: csrfTokenIn(profile.body) });
    assert.match((await onA.get('/')).body, /<h1>Welcome<\/h1>/);
  });

  test(
    '20 concurrent requests split over both instances refresh the expired token exactly once',
    { skip: isRealFusionAuth() && 'advances the test clock, which a real FusionAuth does not share' },
    async () => {
      const user = await admin.createUser();
      const onA = new Browser(a.url);
      await onA.login(user.email, user.password);
      const onB = onA.twinOn(b.url);
      clock.advance(PAST_TOKEN_EXPIRY_MS);
      proxy.reset();
      const pages = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? onA : onB).get('/')));
      for (const page of pages) assert.match(page.body, /Hello/);
      assert.equal(proxy.count('POST /api/jwt/refresh'), 1);
    },
  );

  test(
    'a FusionAuth webhook received by one instance ends the user’s sessions on every instance within 1 s',
    { skip: isRealFusionAuth() && "needs FusionAuth's webhook to reach the test app" },
    async () => {
      const user = await admin.createUser();
      const onA = new Browser(a.url);
      await onA.login(user.email, user.password);
      const alsoOnA = new Browser(a.url);
      await alsoOnA.login(user.email, user.password);
      await admin.client.deactivateUser(user.id);
      const took = await bothSignedOut([onA, alsoOnA]);
      assert.ok(took < 1000);
    },
  );

  test(
    'FusionAuth revoking every token of the application, told to one instance, ends every session on both within 1 s',
    { skip: isRealFusionAuth() && "needs FusionAuth's webhook to reach the test app" },
    async () => {
      const user = await admin.createUser();
      const onA = new Browser(a.url);
      const onB = new Browser(b.url);
      await onA.login(user.email, user.password);
      await onB.login(user.email, user.password);
      await onA.get('/');
      await admin.client.revokeRefreshTokensByApplicationId(admin.applicationId);
      await bothSignedOut([onA, onB]);
    },
  );

  test('a webhook delivery handled by one instance is not handled again by another (replay or retry)', async () => {
    const user = await admin.createUser();
    const browser = new Browser(a.url);
    await browser.login(user.email, user.password);
    // Dated a minute ahead, so only the event-id claim, not the sessions' age, can stop the second delivery.
    const body = eventBody('user-deactivate.json', user.id, { createInstant: clock.now() + 60_000 });
    const deliver = async (instance: TestApp) =>
      fetch(`${instance.url}/webhooks/fusionauth`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-fusionauth-signature-jwt': await signWebhookBody(body) },
      });
    assert.equal((await deliver(a)).status, 200);
    assert.match((await browser.get('/')).body, /<h1>Welcome<\/h1>/, 'the first delivery ended the session');
    await browser.login(user.email, user.password);
    assert.equal((await deliver(b)).status, 200);
    assert.match((await browser.get('/')).body, /Hello/, 'the same event on another instance changed nothing');
  });

  test('signing out everywhere on one instance ends the sessions served by the other', async () => {
    const user = await admin.createUser();
    const laptop = new Browser(a.url);
    const phone = new Browser(b.url);
    await laptop.login(user.email, user.password);
    await phone.login(user.email, user.password);
    const page = await laptop.get('/account/sessions');
    await laptop.post('/account/sessions/revoke-all', { _csrf: csrfTokenIn(page.body), confirm: 'everywhere' });
    assert.match((await phone.get('/')).body, /<h1>Welcome<\/h1>/);
  });
});

describe(
  'two app instances on one Redis, LOGIN_FLOW=oauth',
  {
    skip:
      skipRedisSuites ||
      (isRealFusionAuth() &&
        'the test apps listen on random ports, whose /oauth-callback the FusionAuth application does not authorize'),
  },
  () => {
    const prefix = `fa-test-${randomUUID().slice(0, 8)}:`;
    let fusionAuth: FusionAuthTarget;
    let a: TestApp;
    let b: TestApp;
    let admin: FusionAuthAdmin;
    before(async () => {
      // FusionAuth authorizes B's callback: every sign-in goes through B, as through one public URL.
      const portOfB = await findFreePort();
      fusionAuth = await startFusionAuthTarget({ env: { APP_URL: `http://127.0.0.1:${portOfB}` } });
      const env = {
        SESSION_STORE: 'redis',
        REDIS_URL: await sharedRedisUrl(),
        REDIS_PREFIX: prefix,
        LOGIN_FLOW: 'oauth',
      };
      a = await startTestApp({ env, fusionAuth });
      b = await startTestApp({ env, fusionAuth, port: portOfB });
      admin = new FusionAuthAdmin(fusionAuth, a.config.fusionAuth.clientId);
    });
    after(async () => {
      await a.close();
      await b.close();
      await fusionAuth.close();
      const redis = new Redis(await sharedRedisUrl());
      await deleteKeysWithPrefix(redis, prefix);
      redis.disconnect();
    });

    test('a session revoked on one instance is told as revoked by the other, whose next sign-in asks for the password', async () => {
      const user = await admin.createUser();
      const signIn = async () => {
        const browser = new Browser(b.url);
        const form = await browser.get('/login');
        assert.ok(isHostedLoginPage(form));
        assert.match(
          (await submitHostedForm(browser, form, { loginId: user.email, password: user.password })).body,
          /Hello/,
        );
        return browser;
      };
      const phone = await signIn();
      const laptopOnB = await signIn();
      const laptop = new Browser(a.url);
      for (const [name, value] of laptopOnB.cookies) laptop.cookies.set(name, value);
      const page = await laptop.get('/account/sessions');
      // This device is listed first; the other is the second row.
      const action = [...page.body.matchAll(/action="(\/account\/sessions\/[^"]+\/revoke)"/g)][1]?.[1];
      assert.ok(action);
      await laptop.post(action, { _csrf: csrfTokenIn(page.body) });

      assert.match((await phone.get('/')).body, /You were signed out from another device/);
      assert.ok(
        isHostedLoginPage(await phone.get('/login')),
        "the form, though the phone's FusionAuth SSO session lives",
      );
      assert.match((await laptop.get('/')).body, /Hello/);
    });
  },
);

describe('Redis going away and coming back', { skip: skipRedisSuites }, () => {
  let redisPort: number;
  let redis: ChildProcess;
  let t: TestApp;
  before(async () => {
    redisPort = await findFreePort();
    redis = await startRedisServer(redisPort);
    t = await startTestApp({ env: { SESSION_STORE: 'redis', REDIS_URL: `redis://127.0.0.1:${redisPort}` } });
  });
  after(async () => {
    await t.close();
    await stopRedisServer(redis);
  });

  test(
    'with Redis down, a signed-in request gets a 503 page and /readyz says 503; it recovers with no restart',
    {
      skip:
        isRealFusionAuth() &&
        'signs in as the kickstart user richard@example.com, whom a real FusionAuth need not have',
    },
    async () => {
      const browser = new Browser(t.url);
      assert.match((await browser.login('richard@example.com', 'password')).body, /Hello/);
      assert.equal((await browser.get('/readyz')).status, 200);

      await stopRedisServer(redis);
      const down = await browser.get('/');
      assert.equal(down.status, 503, 'fail closed: never signed out silently, never signed in without the store');
      assert.match(down.body, /Temporarily unavailable/);
      const ready = await browser.get('/readyz');
      assert.equal(ready.status, 503);
      assert.match(ready.body, /"sessionStore":"down"/);
      assert.equal((await browser.get('/healthz')).status, 200, 'the process itself is alive');

      redis = await startRedisServer(redisPort);
      let readyAgain = 503;
      for (let i = 0; i < 50 && readyAgain !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        readyAgain = (await browser.get('/readyz')).status;
      }
      assert.equal(readyAgain, 200, 'the app reconnected by itself');
      // This Redis keeps nothing on disk, so the old session is gone; signing in works again.
      assert.match((await browser.get('/')).body, /<h1>Welcome<\/h1>/);
      assert.match((await new Browser(t.url).login('richard@example.com', 'password')).body, /Hello/);
    },
  );
});

import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn } from '../support/browser.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';
import { startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import {
  redisServerMissing,
  startRedisCluster,
  startRedisSentinel,
  type RedisSentinelSetup,
} from '../support/redis-topologies.ts';

const skip = redisServerMissing();

/** Two app instances on one FusionAuth and one Redis (`redisUrl`), sharing sessions under one prefix. */
async function startTwoInstances(
  redisUrl: string,
): Promise<{ a: TestApp; b: TestApp; admin: FusionAuthAdmin; close(): Promise<void> }> {
  const fusionAuth: FusionAuthTarget = await startFusionAuthTarget({});
  const env = { SESSION_STORE: 'redis', REDIS_URL: redisUrl, REDIS_PREFIX: `fa-test-${randomUUID().slice(0, 8)}:` };
  const a = await startTestApp({ env, fusionAuth });
  const b = await startTestApp({ env, fusionAuth });
  await Promise.all([a, b].map((instance) => waitUntilReady(instance)));
  return {
    a,
    b,
    admin: new FusionAuthAdmin(fusionAuth, a.config.fusionAuth.clientId),
    async close() {
      await a.close();
      await b.close();
      await fusionAuth.close();
    },
  };
}

async function waitUntilReady(instance: TestApp): Promise<void> {
  for (let i = 0; i < 100 && !(await instance.store.ping()); i++) await sleep(50);
}

/** The tests every highly available Redis must pass with two app instances on it. */
function sharedSessionTests(instances: () => { a: TestApp; b: TestApp; admin: FusionAuthAdmin }): void {
  test('a session created on one instance works on the other, and logout on either is seen by both', async () => {
    const { a, b, admin } = instances();
    const user = await admin.createUser();
    const onA = new Browser(a.url);
    await onA.login(user.email, user.password);
    const onB = onA.twinOn(b.url);
    const profile = await onB.get('/');
    assert.match(profile.body, new RegExp(user.email));
    await onB.post('/logout', { _csrf: csrfTokenIn(profile.body) });
    assert.match((await onA.get('/')).body, /<h1>Welcome<\/h1>/);
  });

  test('signing out everywhere on one instance ends the sessions served by the other', async () => {
    const { a, b, admin } = instances();
    const user = await admin.createUser();
    const laptop = new Browser(a.url);
    const phone = new Browser(b.url);
    await laptop.login(user.email, user.password);
    await phone.login(user.email, user.password);
    const page = await laptop.get('/account/sessions');
    await laptop.post('/account/sessions/revoke-all', { _csrf: csrfTokenIn(page.body), confirm: 'everywhere' });
    assert.match((await phone.get('/')).body, /<h1>Welcome<\/h1>/);
  });
}

describe('two app instances on a Redis Cluster act as one app', { skip }, () => {
  let cluster: Awaited<ReturnType<typeof startRedisCluster>>;
  let pair: Awaited<ReturnType<typeof startTwoInstances>>;
  before(async () => {
    cluster = await startRedisCluster();
    pair = await startTwoInstances(cluster.url);
  });
  after(async () => {
    await pair?.close();
    await cluster?.stop();
  });
  sharedSessionTests(() => pair);

  test('sign-in attempts are counted across instances in the cluster: with 3 allowed, the 4th gets 429', async () => {
    const env = {
      SESSION_STORE: 'redis',
      REDIS_URL: cluster.url,
      REDIS_PREFIX: `fa-test-${randomUUID().slice(0, 8)}:`,
      RATE_LIMIT_MAX: '3',
    };
    const a = await startTestApp({ env, shareRateLimits: true });
    const b = await startTestApp({ env, fusionAuth: a.fusionAuth, shareRateLimits: true });
    try {
      await Promise.all([a, b].map((instance) => waitUntilReady(instance)));
      const statuses: number[] = [];
      for (const instance of [a, b, a, b])
        statuses.push((await new Browser(instance.url).login('nobody@example.com', 'wrong password')).status);
      assert.deepEqual(statuses, [401, 401, 401, 429]);
    } finally {
      await b.close();
      await a.close();
    }
  });
});

describe('two app instances through Redis Sentinel act as one app and ride out a failover', { skip }, () => {
  let sentinel: RedisSentinelSetup;
  let pair: Awaited<ReturnType<typeof startTwoInstances>>;
  before(async () => {
    sentinel = await startRedisSentinel();
    pair = await startTwoInstances(sentinel.url);
  });
  after(async () => {
    await pair?.close();
    await sentinel?.stop();
  });
  sharedSessionTests(() => pair);

  test('when the primary dies mid-traffic, requests get the 503 page or the right user, and the app serves again within seconds of the promotion', async (t) => {
    const { a, b, admin } = pair;
    const people = await Promise.all(
      Array.from({ length: 4 }, async (_, i) => {
        const user = await admin.createUser();
        const browser = new Browser((i % 2 ? a : b).url);
        assert.match((await browser.login(user.email, user.password)).body, /Hello/);
        return { email: user.email, onA: browser.twinOn(a.url), onB: browser.twinOn(b.url) };
      }),
    );
    // Sessions written before the failover must be on the replica, so a lost write cannot explain a sign-out.
    await sentinel.waitForReplication();

    const figures = { requests: 0, served: 0, unavailable: 0, signedOut: 0, wrongUser: 0, other: 0 };
    let promotedAt = Infinity;
    const servedAgainAt = new Map<string, number>();
    let running = true;
    const traffic = people.map(async (person) => {
      for (let i = 0; running; i++) {
        const startedAt = Date.now();
        const page = await (i % 2 ? person.onA : person.onB).get('/');
        figures.requests++;
        const outcome = classify(page, person.email);
        figures[outcome]++;
        if (outcome === 'served' && startedAt > promotedAt && !servedAgainAt.has(person.email))
          servedAgainAt.set(person.email, Date.now());
        await sleep(20);
      }
    });

    await sleep(500);
    const killedAt = Date.now();
    await sentinel.killPrimary();
    await sentinel.waitForPromotion(20_000);
    promotedAt = Date.now();
    for (let i = 0; i < 200 && servedAgainAt.size < people.length; i++) await sleep(50);
    running = false;
    await Promise.all(traffic);

    const recoverySeconds = (Math.max(...servedAgainAt.values()) - promotedAt) / 1000;
    report(t, figures, (promotedAt - killedAt) / 1000, recoverySeconds);
    assert.equal(figures.wrongUser, 0, 'never another person’s page');
    assert.equal(figures.other, 0, 'only the page or the 503 page');
    assert.equal(figures.signedOut, 0, 'replicated sessions survive the failover');
    assert.ok(figures.unavailable > 0, 'the switch was noticed (503 pages while no primary answered)');
    assert.equal(servedAgainAt.size, people.length, 'every person is served again, without a restart');
    assert.ok(recoverySeconds < 5, `served again ${recoverySeconds} s after the promotion`);
  });
});

type Outcome = 'served' | 'unavailable' | 'signedOut' | 'wrongUser' | 'other';

function classify(page: { status: number; body: string }, email: string): Outcome {
  if (page.status === 503 && /Temporarily unavailable/.test(page.body)) return 'unavailable';
  if (page.status !== 200) return 'other';
  if (/<h1>Welcome<\/h1>/.test(page.body)) return 'signedOut';
  if (!/<h1>Hello/.test(page.body)) return 'other';
  return page.body.includes(email) ? 'served' : 'wrongUser';
}

function report(
  t: TestContext,
  figures: Record<Outcome | 'requests', number>,
  promotionSeconds: number,
  recoverySeconds: number,
): void {
  t.diagnostic(
    `failover: ${figures.requests} requests, ${figures.served} served to the right user, ${figures.unavailable} 503 pages, ` +
      `${figures.wrongUser} wrong users, ${figures.signedOut} signed out, ${figures.other} other; ` +
      `primary killed → replica promoted in ${promotionSeconds.toFixed(1)} s, served again ${recoverySeconds.toFixed(2)} s after the promotion`,
  );
}

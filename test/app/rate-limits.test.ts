import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn, type Page } from '../support/browser.ts';
import { FusionAuthAdmin, uniqueEmail } from '../support/fusionauth-admin.ts';

const MAX = 3;
const LIMITS = { RATE_LIMIT_MAX: String(MAX), RATE_LIMIT_WINDOW_SECONDS: '60' };

async function attempt(t: TestApp, path: string, fields: Record<string, string>, clientIp?: string): Promise<Page> {
  const browser = new Browser(t.url);
  const headers = clientIp ? { 'x-forwarded-for': clientIp } : undefined;
  const form = await browser.get(path, { headers });
  return browser.post(path, { _csrf: csrfTokenIn(form.body), ...fields }, { headers });
}

describe('rate limits behind a trusted proxy', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { ...LIMITS, TRUST_PROXY: '127.0.0.1' } });
  });
  after(() => t.close());

  test('the attempt after the ceiling for one email (ten times the limit) gets a 429 page with Retry-After, whatever the address', async () => {
    const email = uniqueEmail();
    for (let i = 0; i < MAX * 10; i++) {
      const page = await attempt(t, '/login', { email, password: 'wrong password' }, `198.51.100.${i + 1}`);
      assert.equal(page.status, 401, `attempt ${i + 1} is judged`);
    }
    const limited = await attempt(
      t,
      '/login',
      { email: email.toUpperCase(), password: 'wrong password' },
      '198.51.100.99',
    );
    assert.equal(limited.status, 429);
    assert.match(limited.body, /Too many attempts/);
    assert.ok(Number(limited.headers.get('retry-after')) > 0, 'Retry-After is set');
  });

  test('regression: wrong passwords from one address locked the owner out everywhere; the owner signs in from another', async () => {
    const owner = await new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId).createUser();
    const statuses: number[] = [];
    for (let i = 0; i < MAX * 2; i++) {
      const page = await attempt(t, '/login', { email: owner.email, password: 'wrong password' }, '192.0.2.66');
      statuses.push(page.status);
    }
    assert.deepEqual(statuses.slice(MAX), Array(MAX).fill(429), 'the stranger is stopped');
    const browser = new Browser(t.url);
    const headers = { 'x-forwarded-for': '192.0.2.1' };
    const form = await browser.get('/login', { headers });
    const signedIn = await browser.post(
      '/login',
      { _csrf: csrfTokenIn(form.body), email: owner.email, password: owner.password },
      { headers },
    );
    assert.equal(signedIn.status, 200);
    assert.match(signedIn.body, /Sign out<\/button>/, 'the owner is signed in');
  });

  test('the attempt after the limit from one client address is refused, across emails and forms', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= MAX; i++) {
      const page = await attempt(
        t,
        i % 2 ? '/register' : '/login',
        { email: uniqueEmail(), password: 'wrong password' },
        '203.0.113.7',
      );
      statuses.push(page.status);
    }
    assert.ok(!statuses.slice(0, -1).includes(429), `attempts within the limit are served: ${statuses.join(',')}`);
    assert.equal(statuses.at(-1), 429);
    const other = await attempt(t, '/login', { email: uniqueEmail(), password: 'wrong password' }, '203.0.113.8');
    assert.equal(other.status, 401, 'another client is not affected');
  });
});

describe('rate limits with no trusted proxy', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: LIMITS });
  });
  after(() => t.close());

  test('a spoofed X-Forwarded-For does not buy fresh attempts: the peer address is counted', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= MAX; i++) {
      const page = await attempt(t, '/login', { email: uniqueEmail(), password: 'wrong password' }, `192.0.2.${i + 1}`);
      statuses.push(page.status);
    }
    assert.equal(statuses.at(-1), 429, statuses.join(','));
  });
});

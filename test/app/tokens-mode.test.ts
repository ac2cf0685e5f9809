import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn } from '../support/browser.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';
import { isRealFusionAuth } from '../support/fusionauth-target.ts';

const PAST_TOKEN_EXPIRY_MS = 301_000;
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./;

describe('tokens session mode', () => {
  let t: TestApp;
  let admin: FusionAuthAdmin;
  before(async () => {
    t = await startTestApp({ env: { SESSION_MODE: 'tokens' }, countFusionAuthCalls: true });
    admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
  });
  after(() => t.close());

  const refreshTokensOf = async (userId: string) =>
    (await admin.client.retrieveRefreshTokens(userId)).response.refreshTokens ?? [];

  test('the tokens stay server-side: no cookie and no page ever carries a JWT', async () => {
    const user = await admin.createUser();
    const browser = new Browser(t.url);
    const pages = [
      await browser.login(user.email, user.password),
      await browser.get('/'),
      await browser.get('/account/sessions'),
    ];
    for (const page of pages) assert.doesNotMatch(page.body, JWT);
    for (const value of browser.cookies.values()) assert.doesNotMatch(value, JWT);
    const [stored] = await t.store.listUserSessions(user.id);
    assert.match(stored?.session.tokens?.accessToken ?? '', JWT, 'the access token is in the server-side session');
    assert.ok(stored?.session.tokens?.refreshTokenId);
  });

  test('while the access token is valid, pages need no FusionAuth call', async () => {
    const user = await admin.createUser();
    const browser = new Browser(t.url);
    await browser.login(user.email, user.password);
    t.proxy?.reset();
    for (let i = 0; i < 5; i++) assert.match((await browser.get('/')).body, /Hello/);
    assert.equal(t.proxy?.total(), 0);
  });

  test(
    '20 concurrent requests with an expired access token make exactly one refresh call, and all succeed',
    { skip: isRealFusionAuth() && 'advances the test clock, which a real FusionAuth does not share' },
    async () => {
      const user = await admin.createUser();
      const browser = new Browser(t.url);
      await browser.login(user.email, user.password);
      t.clock.advance(PAST_TOKEN_EXPIRY_MS);
      t.proxy?.reset();
      const pages = await Promise.all(Array.from({ length: 20 }, () => browser.get('/')));
      for (const page of pages) assert.match(page.body, /Hello/);
      assert.equal(t.proxy?.count('POST /api/jwt/refresh'), 1);
    },
  );

  test(
    'a refresh token revoked in FusionAuth logs the person out at the next expiry',
    { skip: isRealFusionAuth() && 'advances the test clock, which a real FusionAuth does not share' },
    async () => {
      const user = await admin.createUser();
      const browser = new Browser(t.url);
      await browser.login(user.email, user.password);
      const [stored] = await t.store.listUserSessions(user.id);
      await admin.client.revokeRefreshTokenById(stored?.session.tokens?.refreshTokenId ?? '');
      assert.match((await browser.get('/')).body, /Hello/, 'the access token is still valid');
      t.clock.advance(PAST_TOKEN_EXPIRY_MS);
      assert.match((await browser.get('/')).body, /<h1>Welcome<\/h1>/);
      assert.deepEqual(await t.store.listUserSessions(user.id), [], 'the session is destroyed');
    },
  );

  test(
    'logout revokes exactly this session’s refresh token; the other session keeps working',
    { skip: isRealFusionAuth() && 'advances the test clock, which a real FusionAuth does not share' },
    async () => {
      const user = await admin.createUser();
      const first = new Browser(t.url);
      const second = new Browser(t.url);
      await first.login(user.email, user.password);
      const [firstSession] = await t.store.listUserSessions(user.id);
      await second.login(user.email, user.password);
      const before = (await refreshTokensOf(user.id)).map((token) => token.id);

      await first.post('/logout', { _csrf: csrfTokenIn((await first.get('/')).body) });
      const after = (await refreshTokensOf(user.id)).map((token) => token.id);
      assert.deepEqual(
        after,
        before.filter((id) => id !== firstSession?.session.tokens?.refreshTokenId),
      );
      assert.equal(after.length, before.length - 1, 'exactly one refresh token revoked');

      t.clock.advance(PAST_TOKEN_EXPIRY_MS);
      assert.match((await second.get('/')).body, /Hello/, 'the other session refreshes and stays signed in');
    },
  );
});

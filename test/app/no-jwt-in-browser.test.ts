/**
 * The README's promise, checked on the wire: in both sign-in flows and both session modes, no answer
 * the browser receives (body, Location header, Set-Cookie) holds a JWT — three base64url segments
 * whose first decodes to JSON with an `alg`. FusionAuth's tokens, the ID token included, stay on the server.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn, type Received } from '../support/browser.ts';
import { FusionAuthAdmin, uniqueEmail } from '../support/fusionauth-admin.ts';
import { isRealFusionAuth } from '../support/fusionauth-target.ts';
import { isHostedLoginPage, submitHostedForm } from '../support/hosted-pages.ts';

const CANDIDATE = /[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

/** The JWTs in `text`, also once percent-decoded (a token in a query string is URL-encoded). */
function jwtsIn(text: string): string[] {
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    // Not percent-encoded as a whole; the raw text is scanned anyway.
  }
  return [...`${text}\n${decoded}`.matchAll(CANDIDATE)].map(([candidate]) => candidate).filter(isJwt);
}

function isJwt(candidate: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(candidate.split('.')[0] ?? '', 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && 'alg' in header;
  } catch {
    return false;
  }
}

async function assertNoJwtReceived(browser: Browser): Promise<number> {
  const answers: Received[] = await Promise.all(browser.received);
  for (const answer of answers) {
    for (const [where, text] of [
      ['body', answer.body],
      ['Location', answer.location ?? ''],
      ['Set-Cookie', answer.setCookies.join('\n')],
    ] as const) {
      assert.deepEqual(jwtsIn(text), [], `a JWT in the ${where} of ${answer.url}`);
    }
  }
  return answers.length;
}

test('the JWT detector finds a JWT, raw or URL-encoded, and nothing else', () => {
  const jwt = `${Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.c2lnbmF0dXJl`;
  assert.deepEqual(jwtsIn(`id_token_hint=${jwt}`), [jwt, jwt]);
  assert.equal(jwtsIn(`a=${encodeURIComponent(jwt)}`).length, 2);
  assert.deepEqual(jwtsIn('style.css?v=1.2.3 www.example.com abcdefgh.ijklmnop.qrstuvwx'), []);
});

for (const mode of ['user', 'tokens'] as const) {
  describe(`no JWT reaches the browser, form sign-in, ${mode} mode`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ env: { SESSION_MODE: mode } });
    });
    after(() => t.close());

    test('registering, signing in, every account page and logging out', async () => {
      const admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
      const user = await admin.createUser();
      const browser = new Browser(t.url);
      await browser.submit('/register', '/register', {
        email: uniqueEmail(),
        password: 'a long enough password',
        firstName: 'A',
        lastName: 'B',
      });
      browser.cookies.clear();
      const home = await browser.login(user.email, user.password);
      assert.match(home.body, /Hello/);
      for (const path of ['/', '/account', '/account/sessions', '/account/two-factor', '/logout'])
        await browser.get(path);
      await browser.post('/logout', { _csrf: csrfTokenIn(home.body) });
      assert.ok((await assertNoJwtReceived(browser)) > 10);
    });
  });

  describe(
    `no JWT reaches the browser, OAuth sign-in, ${mode} mode`,
    {
      skip:
        isRealFusionAuth() &&
        'the test app listens on a random port, whose /oauth-callback the FusionAuth application does not authorize',
    },
    () => {
      let t: TestApp;
      before(async () => {
        t = await startTestApp({ env: { SESSION_MODE: mode, LOGIN_FLOW: 'oauth' } });
      });
      after(() => t.close());

      test('regression: the logout redirect carried the ID token in tokens mode; now sign-in, pages and logout (through FusionAuth and back) carry none', async () => {
        const admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        const hosted = await browser.get('/login');
        assert.ok(isHostedLoginPage(hosted));
        const home = await submitHostedForm(browser, hosted, { loginId: user.email, password: user.password });
        assert.match(home.body, /Hello/);
        for (const path of ['/', '/account', '/account/sessions']) await browser.get(path);
        // The kickstart's logoutBehavior AllApplications: FusionAuth's "Logging out" page, which then comes home.
        const loggingOut = await browser.post('/logout', { _csrf: csrfTokenIn(home.body) });
        assert.match(loggingOut.body, new RegExp(`<meta http-equiv="Refresh" content="2; url=${t.url}/">`));
        await browser.get('/');
        assert.ok((await assertNoJwtReceived(browser)) > 8);
      });
    },
  );
}

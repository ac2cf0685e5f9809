import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { foreignKey, SoftwareAuthenticator, type AssertionInput } from 'fusionauth-dev-server/testing';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn, type Page } from '../support/browser.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';
import { isHostedLoginPage, submitHostedForm } from '../support/hosted-pages.ts';
import { Secret, TOTP } from 'otpauth';

/** The JSON the passkey script receives from an options endpoint. */
function optionsIn(page: Page): { challenge: string } {
  assert.equal(page.status, 200, page.body);
  const body = JSON.parse(page.body) as { options?: { challenge?: string } };
  assert.ok(body.options?.challenge);
  return { challenge: body.options.challenge };
}

for (const mode of ['user', 'tokens'] as const)
  describe(`passkeys on the app's forms, ${mode} session mode`, () => {
    let t: TestApp;
    let admin: FusionAuthAdmin;
    // The kickstart's relying party id is localhost: the browser runs the page at localhost, on the app's port.
    let ceremony: { origin: string; rpId: string };
    before(async () => {
      t = await startTestApp({ env: { SESSION_MODE: mode }, appHost: 'localhost' });
      admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
      ceremony = { origin: `http://localhost:${new URL(t.url).port}`, rpId: 'localhost' };
    });
    after(() => t.close());

    /** A person signed in with their password who adds a passkey named `name` on /account. */
    async function withPasskey(name = 'Work laptop') {
      const user = await admin.createUser();
      const browser = new Browser(t.url);
      await browser.login(user.email, user.password);
      const token = csrfTokenIn((await browser.get('/account')).body);
      const { challenge } = optionsIn(await browser.post('/account/passkeys/options', { _csrf: token, name }));
      const authenticator = new SoftwareAuthenticator();
      const credential = authenticator.register({ challenge, ...ceremony });
      const account = await browser.post('/account/passkeys', {
        _csrf: token,
        name,
        credential: JSON.stringify(credential),
      });
      assert.equal(account.status, 200);
      return { user, browser, authenticator, account };
    }

    /** Starts a passkey sign-in for `email` in a fresh browser; `answer` signs the challenge. */
    async function signInWithPasskey(email: string, answer: (challenge: string) => object) {
      const browser = new Browser(t.url);
      const token = csrfTokenIn((await browser.get('/login')).body);
      const { challenge } = optionsIn(await browser.post('/login/passkey/options', { _csrf: token, email }));
      const page = await browser.post('/login/passkey', {
        _csrf: token,
        email,
        credential: JSON.stringify(answer(challenge)),
      });
      return { browser, page };
    }

    async function isSignedIn(browser: Browser): Promise<boolean> {
      return (await browser.get('/account', { follow: false })).status === 200;
    }

    test('the passkey controls are hidden until the self-hosted script reveals them, and the CSP allows only our own scripts', async () => {
      const login = await new Browser(t.url).get('/login');
      assert.match(login.body, /<div class="passkey" data-passkey hidden>/);
      assert.match(login.body, /<script src="\/static\/vendor\/simplewebauthn-browser.js" defer><\/script>/);
      assert.doesNotMatch(login.body, /<script>/, 'no inline script');
      assert.match(login.headers.get('content-security-policy') ?? '', /script-src 'self'(;|$)/);
      for (const path of ['/static/vendor/simplewebauthn-browser.js', '/static/passkeys.js']) {
        const script = await new Browser(t.url).get(path);
        assert.equal(script.status, 200, path);
        assert.match(script.headers.get('content-type') ?? '', /javascript/, path);
      }
    });

    test('a passkey added on /account is listed with its name and creation date, "Never used" until it signs in', async () => {
      const { user, account, browser: first, authenticator } = await withPasskey('Work laptop');
      assert.match(account.url, /\/account\?notice=passkey-added$/);
      assert.match(account.body, /Your passkey was added/);
      assert.match(account.body, /<td>Work laptop<\/td>/);
      assert.match(account.body, /<td data-label="Added"><time datetime="[^"]+"/);
      assert.match(account.body, /<td data-label="Last used">Never used<\/td>/);
      assert.match(account.body, /A passkey signs you in with your device’s fingerprint, face or screen lock/);
      await first.post('/logout', { _csrf: csrfTokenIn((await first.get('/account')).body) });
      t.clock.advance(60_000);
      const { browser } = await signInWithPasskey(user.email, (challenge) =>
        authenticator.assert({ challenge, ...ceremony }),
      );
      assert.match((await browser.get('/account')).body, /<td data-label="Last used"><time datetime="[^"]+"/);
    });

    test('a passkey sign-in of a two-factor user says why a code is still asked for, and the session keeps "with a passkey"', async () => {
      const { user, browser: first, authenticator } = await withPasskey();
      const setup = await first.get('/account/two-factor');
      const base32 = (/<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(setup.body)?.[1] ?? '').replace(/ /g, '');
      const codeNow = () =>
        new TOTP({ secret: Secret.fromBase32(base32), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
          timestamp: t.clock.now(),
        });
      const on = await first.post('/account/two-factor/enable', {
        _csrf: csrfTokenIn(setup.body),
        secret: /name="secret" value="([^"]+)"/.exec(setup.body)?.[1] ?? '',
        code: codeNow(),
      });
      assert.match(on.body, /Two-factor sign-in is on/);
      t.clock.advance(31_000);

      const { browser, page } = await signInWithPasskey(user.email, (challenge) =>
        authenticator.assert({ challenge, ...ceremony }),
      );
      assert.match(page.url, /\/two-factor$/);
      assert.match(page.body, /Your passkey was accepted\. Your account also has two-factor sign-in on/);
      const done = await browser.post('/two-factor', { _csrf: csrfTokenIn(page.body), code: codeNow() });
      assert.equal(done.status, 200);
      const sessions = await browser.get('/account/sessions');
      assert.match(sessions.body, /<tr class="current">[\s\S]*?with a passkey[\s\S]*?<\/tr>/);
    });

    test('signed out, the person signs in with the passkey, no password typed, and the session says so', async () => {
      const { user, browser: first, authenticator } = await withPasskey();
      await first.post('/logout', { _csrf: csrfTokenIn((await first.get('/account')).body) });
      const { browser, page } = await signInWithPasskey(user.email, (challenge) =>
        authenticator.assert({ challenge, ...ceremony }),
      );
      assert.equal(page.status, 200);
      assert.ok(await isSignedIn(browser));
      const sessions = await browser.get('/account/sessions');
      assert.match(sessions.body, /\(this device\)/);
      assert.match(sessions.body, /with a passkey/);
    });

    test('a removed passkey, confirmed on its own page, no longer signs in', async () => {
      const { user, browser, authenticator, account } = await withPasskey('Old phone');
      const removeHref = /href="(\/account\/passkeys\/[0-9a-f-]{36}\/remove)"/.exec(account.body)?.[1];
      assert.ok(removeHref);
      const confirm = await browser.get(removeHref);
      assert.match(confirm.body, /Remove this passkey\?/);
      assert.match(confirm.body, /Old phone/);
      const after = await browser.post(removeHref, { _csrf: csrfTokenIn(confirm.body), confirm: 'remove' });
      assert.match(after.body, /Your passkey was removed/);
      assert.doesNotMatch(after.body, /Old phone/);
      const { browser: stranger, page } = await signInWithPasskey(user.email, (challenge) =>
        authenticator.assert({ challenge, ...ceremony }),
      );
      assert.equal(page.status, 401);
      assert.match(page.body, /That passkey could not sign you in/);
      assert.equal(await isSignedIn(stranger), false);
    });

    test("one person cannot remove another person's passkey", async () => {
      const { account } = await withPasskey('Mine');
      const removeHref = /href="(\/account\/passkeys\/[0-9a-f-]{36}\/remove)"/.exec(account.body)?.[1] ?? '';
      const other = await admin.createUser();
      const intruder = new Browser(t.url);
      await intruder.login(other.email, other.password);
      assert.equal((await intruder.get(removeHref)).status, 404);
      const token = csrfTokenIn((await intruder.get('/account')).body);
      assert.equal((await intruder.post(removeHref, { _csrf: token, confirm: 'remove' })).status, 404);
    });

    const badAnswers: Array<[string, (a: SoftwareAuthenticator, input: AssertionInput) => object]> = [
      ['a forged signature', (a, input) => a.assert({ ...input, signingKey: foreignKey() })],
      ['an answer made for another origin', (a, input) => a.assert({ ...input, origin: 'https://evil.example' })],
      // Same host, another port: a page of another service on localhost must not sign in here.
      [
        'an answer made for another origin on the same host',
        (a, input) => a.assert({ ...input, origin: 'http://localhost:1' }),
      ],
      ['an unknown passkey', (_a, input) => new SoftwareAuthenticator().assert(input)],
      ['a signature counter that goes backwards', (a, input) => a.assert({ ...input, signCount: 1 })],
    ];
    for (const [what, answer] of badAnswers) {
      test(`${what} is refused with a clear page and no session`, async () => {
        const { user, authenticator } = await withPasskey();
        if (what.includes('backwards')) {
          // A first, good sign-in moves the counter FusionAuth keeps forward.
          await signInWithPasskey(user.email, (challenge) =>
            authenticator.assert({ challenge, ...ceremony, signCount: 5 }),
          );
        }
        const { browser, page } = await signInWithPasskey(user.email, (challenge) =>
          answer(authenticator, { challenge, ...ceremony }),
        );
        assert.equal(page.status, 401);
        assert.match(page.body, /That passkey could not sign you in/);
        assert.equal(await isSignedIn(browser), false);
      });
    }

    test('a replayed answer is refused: each sign-in needs a fresh challenge', async () => {
      const { user, authenticator } = await withPasskey();
      let used: object | undefined;
      const first = await signInWithPasskey(
        user.email,
        (challenge) => (used = authenticator.assert({ challenge, ...ceremony })),
      );
      assert.ok(await isSignedIn(first.browser));
      const { browser, page } = await signInWithPasskey(user.email, () => used ?? {});
      assert.equal(page.status, 401);
      assert.equal(await isSignedIn(browser), false);
    });

    test("another person's passkey does not sign in to this account", async () => {
      const { user } = await withPasskey();
      const { authenticator: theirs } = await withPasskey();
      const { browser, page } = await signInWithPasskey(user.email, (challenge) =>
        theirs.assert({ challenge, ...ceremony }),
      );
      assert.equal(page.status, 401);
      assert.equal(await isSignedIn(browser), false);
    });

    test('an answer that is not a passkey at all gets a 400 page, and an unknown email gets options no passkey answers', async () => {
      const browser = new Browser(t.url);
      const token = csrfTokenIn((await browser.get('/login')).body);
      const page = await browser.post('/login/passkey', {
        _csrf: token,
        email: 'nobody@example.com',
        credential: '{"id":"x"',
      });
      assert.equal(page.status, 400);
      assert.match(page.body, /did not send a passkey/);
      const options = await browser.post('/login/passkey/options', { _csrf: token, email: 'nobody@example.com' });
      assert.equal(options.status, 200);
      assert.ok(optionsIn(options).challenge);
    });

    test('the options for an unknown email look like those of a person without passkeys: same keys, order, values and lengths', async () => {
      const person = await admin.createUser();
      const browser = new Browser(t.url);
      const token = csrfTokenIn((await browser.get('/login')).body);
      const shapeOf = async (email: string) => {
        const page = await browser.post('/login/passkey/options', { _csrf: token, email });
        const { options } = JSON.parse(page.body) as { options: Record<string, unknown> };
        return Object.entries(options).map(([key, value]) =>
          key === 'challenge' ? [key, String(value).length] : [key, value],
        );
      };
      // Unknown first too: the decoy must not need a real answer before it looks right.
      const unknownFirst = await shapeOf(`nobody-${Date.now()}@example.com`);
      const real = await shapeOf(person.email);
      assert.deepEqual(unknownFirst, real);
      assert.deepEqual(await shapeOf(`nobody-else-${Date.now()}@example.com`), real);
    });
  });

describe('passkeys with LOGIN_FLOW=oauth', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { LOGIN_FLOW: 'oauth' } });
  });
  after(() => t.close());

  test("people sign in on FusionAuth's hosted pages, so the app offers no passkey section or routes of its own", async () => {
    const user = await new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId).createUser();
    const browser = new Browser(t.url);
    const loginPage = await browser.get('/login');
    assert.ok(isHostedLoginPage(loginPage));
    await submitHostedForm(browser, loginPage, { loginId: user.email, password: user.password });
    const account = await browser.get('/account');
    assert.equal(account.status, 200);
    assert.doesNotMatch(account.body, /Passkeys|passkeys\.js/);
    assert.equal(
      (await browser.post('/account/passkeys/options', { _csrf: csrfTokenIn(account.body), name: 'x' })).status,
      404,
    );
  });
});

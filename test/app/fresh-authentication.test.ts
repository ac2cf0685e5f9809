import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Secret, TOTP } from 'otpauth';
import { SoftwareAuthenticator } from 'fusionauth-dev-server/testing';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn, type Page } from '../support/browser.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';
import { isRealFusionAuth } from '../support/fusionauth-target.ts';

const PAST_REAUTH = 301_000;

function signedIn(page: Page): boolean {
  return /Sign out<\/button>/.test(page.body);
}

/**
 * Re-authentication before account changes: a stolen session cookie alone, once REAUTH_SECONDS have passed
 * since the sign-in, can neither add a way in (a passkey, recovery codes, an authenticator) nor take one away
 * (two-factor off, a passkey) nor sign the owner's other devices out.
 */
for (const mode of ['user', 'tokens'] as const)
  describe(
    `confirming it is you before an account change, ${mode} session mode`,
    {
      skip: isRealFusionAuth() && 'moves the clock it shares with the dev server',
    },
    () => {
      let t: TestApp;
      let admin: FusionAuthAdmin;
      let ceremony: { origin: string; rpId: string };
      before(async () => {
        t = await startTestApp({ env: { SESSION_MODE: mode }, appHost: 'localhost' });
        admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
        ceremony = { origin: `http://localhost:${new URL(t.url).port}`, rpId: 'localhost' };
      });
      after(() => t.close());

      function codeFor(base32: string): string {
        return new TOTP({ secret: Secret.fromBase32(base32), digits: 6, period: 30 }).generate({
          timestamp: t.clock.now(),
        });
      }

      /** Adds a passkey named `name` on /account (signed in just now): its authenticator. */
      async function addPasskey(browser: Browser, name: string): Promise<SoftwareAuthenticator> {
        const token = csrfTokenIn((await browser.get('/account')).body);
        const options = await browser.post('/account/passkeys/options', { _csrf: token, name });
        const { challenge } = (JSON.parse(options.body) as { options: { challenge: string } }).options;
        const authenticator = new SoftwareAuthenticator();
        const credential = authenticator.register({ challenge, ...ceremony });
        await browser.post('/account/passkeys', { _csrf: token, name, credential: JSON.stringify(credential) });
        return authenticator;
      }

      /** A person signed in (a minute ago at most) with two-factor on: their browser and authenticator secret. */
      async function personWithTwoFactor() {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        await browser.login(user.email, user.password);
        const setup = await browser.get('/account/two-factor');
        const base32 = (/<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(setup.body)?.[1] ?? '').replace(/ /g, '');
        const secret = /name="secret" value="([^"]+)"/.exec(setup.body)?.[1] ?? '';
        const on = await browser.post('/account/two-factor/enable', {
          _csrf: csrfTokenIn(setup.body),
          secret,
          code: codeFor(base32),
        });
        assert.match(on.body, /Two-factor sign-in is on/, 'right after signing in, nothing more is asked');
        return { user, browser, base32 };
      }

      test('past REAUTH_SECONDS, a session alone adds no passkey, issues no recovery codes, keeps two-factor on and the other sessions', async () => {
        const { user, browser, base32 } = await personWithTwoFactor();
        const other = new Browser(t.url);
        await other.login(user.email, user.password);
        await other.post('/two-factor', {
          _csrf: csrfTokenIn((await other.get('/two-factor')).body),
          code: codeFor(base32),
        });
        assert.ok(signedIn(await other.get('/')));
        t.clock.advance(PAST_REAUTH);
        const token = csrfTokenIn((await browser.get('/account')).body);

        const options = await browser.post(
          '/account/passkeys/options',
          { _csrf: token, name: 'Thief' },
          { headers: { accept: 'application/json' } },
        );
        assert.equal(options.status, 401);
        assert.deepEqual(JSON.parse(options.body), {
          error: 'Confirm it is you first.',
          confirm: '/account/confirm?returnTo=%2Faccount',
        });

        for (const [action, fields] of [
          ['/account/passkeys', { name: 'Thief', credential: '{}' }],
          ['/account/two-factor/recovery-codes', {}],
          ['/account/two-factor/disable', { code: codeFor(base32) }],
          ['/account/sessions/revoke-others', {}],
        ] as const) {
          const answer = await browser.post(action, { _csrf: token, ...fields }, { follow: false });
          assert.equal(answer.status, 303, action);
          assert.match(answer.headers.get('location') ?? '', /^\/account\/confirm\?returnTo=%2Faccount/, action);
        }
        const setup = await browser.get('/account/two-factor');
        assert.equal(new URL(setup.url).pathname, '/account/confirm', 'no new authenticator either');
        assert.match(setup.body, /<h1>Confirm it is you<\/h1>/);
        const passkeys = await fetch(`${t.fusionAuth.url}/api/webauthn?userId=${user.id}`, {
          headers: { authorization: t.fusionAuth.apiKey },
        });
        assert.deepEqual(
          ((await passkeys.json()) as { credentials?: unknown[] }).credentials ?? [],
          [],
          'no passkey added',
        );
        assert.ok(signedIn(await other.get('/')), 'the other device is still signed in');
        const again = await new Browser(t.url).login(user.email, user.password);
        assert.equal(new URL(again.url).pathname, '/two-factor', 'two-factor is still on');
      });

      test('a wrong password is refused; the right one goes back to the page, and the change is made', async () => {
        const { user, browser } = await personWithTwoFactor();
        t.clock.advance(PAST_REAUTH);
        const asked = await browser.post('/account/two-factor/recovery-codes', {
          _csrf: csrfTokenIn((await browser.get('/account')).body),
        });
        assert.equal(new URL(asked.url).pathname, '/account/confirm');
        const wrong = await browser.post(new URL(asked.url).pathname + new URL(asked.url).search, {
          _csrf: csrfTokenIn(asked.body),
          password: 'not my password',
        });
        assert.equal(wrong.status, 400);
        assert.match(wrong.body, /Your password is not right/);
        const right = await browser.post('/account/confirm?returnTo=%2Faccount', {
          _csrf: csrfTokenIn(wrong.body),
          password: user.password,
        });
        assert.equal(new URL(right.url).pathname, '/account');
        const codes = await browser.post('/account/two-factor/recovery-codes', { _csrf: csrfTokenIn(right.body) });
        assert.match(codes.body, /Your old recovery codes no longer work/);
      });

      test('a code from the authenticator app confirms too, and then two-factor can be turned off', async () => {
        const { user, browser, base32 } = await personWithTwoFactor();
        t.clock.advance(PAST_REAUTH);
        const asked = await browser.get('/account/confirm?returnTo=%2Faccount');
        const wrong = await browser.post('/account/confirm?returnTo=%2Faccount', {
          _csrf: csrfTokenIn(asked.body),
          code: '000000',
        });
        assert.equal(wrong.status, 400);
        assert.match(wrong.body, /That code is not right/);
        t.clock.advance(30_000);
        const right = await browser.post('/account/confirm?returnTo=%2Faccount', {
          _csrf: csrfTokenIn(wrong.body),
          code: codeFor(base32),
        });
        assert.equal(new URL(right.url).pathname, '/account');
        t.clock.advance(30_000);
        const off = await browser.post('/account/two-factor/disable', {
          _csrf: csrfTokenIn(right.body),
          code: codeFor(base32),
        });
        assert.match(off.body, /Two-factor sign-in is off/);
        assert.equal(new URL((await new Browser(t.url).login(user.email, user.password)).url).pathname, '/');
      });

      test("the person's own passkey confirms; another person's does not", async () => {
        const owner = await admin.createUser();
        const stranger = await admin.createUser();
        const authenticators = new Map<string, SoftwareAuthenticator>();
        const browsers = new Map<string, Browser>();
        for (const person of [owner, stranger]) {
          const browser = new Browser(t.url);
          await browser.login(person.email, person.password);
          authenticators.set(person.email, await addPasskey(browser, 'Laptop'));
          browsers.set(person.email, browser);
        }
        const browser = browsers.get(owner.email) as Browser;
        t.clock.advance(PAST_REAUTH);
        const page = await browser.get('/account/confirm?returnTo=%2Faccount');
        assert.match(page.body, /Confirm with a passkey/);
        const token = csrfTokenIn(page.body);
        async function confirmWith(authenticator: SoftwareAuthenticator): Promise<Page> {
          const options = await browser.post('/account/confirm/passkey/options', { _csrf: token });
          const { challenge } = (JSON.parse(options.body) as { options: { challenge: string } }).options;
          const credential = authenticator.assert({ challenge, ...ceremony });
          return browser.post('/account/confirm?returnTo=%2Faccount', {
            _csrf: token,
            credential: JSON.stringify(credential),
          });
        }
        const foreign = await confirmWith(authenticators.get(stranger.email) as SoftwareAuthenticator);
        assert.equal(foreign.status, 400);
        assert.match(foreign.body, /That passkey could not confirm it is you/);
        const own = await confirmWith(authenticators.get(owner.email) as SoftwareAuthenticator);
        assert.equal(new URL(own.url).pathname, '/account');
        const removeLink = /href="(\/account\/passkeys\/[^"]+\/remove)"/.exec(own.body)?.[1] ?? '';
        const confirmRemoval = await browser.get(removeLink);
        assert.match(confirmRemoval.body, /Remove this passkey\?/, 'no second confirmation asked');
      });
      test('a password change lists the passkey and recovery codes that still sign in, and one click removes them', async () => {
        const { user, browser, base32 } = await personWithTwoFactor();
        await addPasskey(browser, 'Unknown laptop');
        const token = csrfTokenIn((await browser.get('/account')).body);
        t.clock.advance(30_000);
        const changed = await browser.post('/account/password', {
          _csrf: token,
          currentPassword: user.password,
          password: 'a brand new password 42',
          code: codeFor(base32),
        });
        assert.equal(new URL(changed.url).pathname, '/account/password-changed');
        assert.match(changed.body, /Passkey "Unknown laptop"/);
        assert.match(changed.body, /Your recovery codes/);
        t.clock.advance(PAST_REAUTH - 60_000);
        const removed = await browser.post('/account/password-changed/remove-others', {
          _csrf: csrfTokenIn(changed.body),
          confirm: 'remove',
        });
        assert.match(removed.body, /Your passkeys were removed, and your old recovery codes no longer work/);
        const after = await browser.get('/account/password-changed');
        assert.doesNotMatch(after.body, /Passkey "Unknown laptop"/);
      });
    },
  );

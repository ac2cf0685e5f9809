/**
 * The account states of the Login API on our own forms — forgot/reset password, a required
 * password change (203), email verification (212), two-factor (242) — and /account, over real HTTP
 * against the dev server, in both session modes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn, type Page } from '../support/browser.ts';
import { FusionAuthAdmin, uniqueEmail } from '../support/fusionauth-admin.ts';
import { isRealFusionAuth } from '../support/fusionauth-target.ts';

const NEW_PASSWORD = 'a brand new password';

interface Mail {
  to: string;
  subject: string;
  text: string;
}

async function mailTo(t: TestApp, email: string): Promise<Mail[]> {
  const response = await fetch(`${t.fusionAuth.url}/dev/mailbox`, { headers: { accept: 'application/json' } });
  const { messages } = (await response.json()) as { messages: Mail[] };
  return messages.filter((message) => message.to === email);
}

/** The path of the newest link to the app in the person's mailbox, e.g. /reset-password/abc. */
async function linkIn(t: TestApp, email: string, route: string): Promise<string> {
  const [latest] = await mailTo(t, email);
  const match = new RegExp(`${t.url}(/${route}/[A-Za-z0-9_-]+)`).exec(latest?.text ?? '');
  assert.ok(match?.[1], `a ${route} link in ${JSON.stringify(latest)}`);
  return match[1];
}

function codeFor(t: TestApp, base32: string): string {
  return new TOTP({ secret: Secret.fromBase32(base32), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: t.clock.now(),
  });
}

function signedIn(page: Page): boolean {
  return /Sign out<\/button>/.test(page.body);
}

/** Emails are read from the dev server's mailbox, and the test clock moves for both the app and the dev server. */
const ON_ANOTHER_SERVER =
  isRealFusionAuth() && "reads the dev server's mailbox and moves the clock it shares with the app";

for (const mode of ['user', 'tokens'] as const)
  describe(`account states on our own forms, ${mode} session mode`, { skip: ON_ANOTHER_SERVER }, () => {
    let t: TestApp;
    let admin: FusionAuthAdmin;
    before(async () => {
      t = await startTestApp({ env: { SESSION_MODE: mode } });
      admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
    });
    after(() => t.close());

    describe('forgot password', () => {
      test('the page answers the same for an unknown address and a real one, and only the real one gets mail', async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        const known = await browser.submit('/forgot-password', '/forgot-password', { email: user.email });
        const nobody = uniqueEmail();
        const unknown = await browser.submit('/forgot-password', '/forgot-password', { email: nobody });
        assert.equal(known.status, 200);
        assert.equal(unknown.status, 200);
        assert.equal(
          known.body.replace(user.email, 'X').replace(/value="[^"]*"/g, ''),
          unknown.body.replace(nobody, 'X').replace(/value="[^"]*"/g, ''),
        );
        assert.match(known.body, /we have sent it a link/);
        assert.equal((await mailTo(t, user.email)).length, 1);
        assert.equal((await mailTo(t, nobody)).length, 0);
      });

      test('the emailed link sets a new password, signs the person in and ends their other sessions; the link then stops working', async () => {
        const user = await admin.createUser();
        const elsewhere = new Browser(t.url);
        assert.ok(signedIn(await elsewhere.login(user.email, user.password)));
        const browser = new Browser(t.url);
        assert.match((await browser.get('/login')).body, /href="\/forgot-password"/);
        await browser.submit('/forgot-password', '/forgot-password', { email: user.email });
        const link = await linkIn(t, user.email, 'reset-password');

        const form = await browser.get(link);
        assert.match(form.body, /Choose a new password/);
        const done = await browser.post(link, { _csrf: csrfTokenIn(form.body), password: NEW_PASSWORD });
        assert.equal(new URL(done.url).pathname, '/');
        assert.ok(signedIn(done), 'signed in with the new password');
        assert.equal(signedIn(await elsewhere.get('/')), false, 'the other session ended');

        const reused = await new Browser(t.url).get(link);
        assert.equal(reused.status, 410);
        assert.match(reused.body, /This link has expired/);
        assert.match(reused.body, /href="\/forgot-password"/);
        const repost = await browser.post(link, { _csrf: csrfTokenIn(done.body), password: 'another new password' });
        assert.equal(repost.status, 410, 'a used link cannot set a password');

        assert.match((await new Browser(t.url).login(user.email, user.password)).body, /Email or password is wrong/);
        assert.ok(signedIn(await new Browser(t.url).login(user.email, NEW_PASSWORD)));
      });

      test('a too-short password is refused next to its field and the link stays usable', async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        await browser.submit('/forgot-password', '/forgot-password', { email: user.email });
        const link = await linkIn(t, user.email, 'reset-password');
        const short = await browser.submit(link, link, { password: 'short' });
        assert.equal(short.status, 400);
        assert.match(short.body, /role="alert">Password must be at least 8 characters/);
        assert.ok(signedIn(await browser.submit(link, link, { password: NEW_PASSWORD })));
      });

      test('a link older than 10 minutes gets a clear message', async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        await browser.submit('/forgot-password', '/forgot-password', { email: user.email });
        const link = await linkIn(t, user.email, 'reset-password');
        const form = await browser.get(link);
        t.clock.advance(601_000);
        assert.equal((await browser.get(link)).status, 410);
        const late = await browser.post(link, { _csrf: csrfTokenIn(form.body), password: NEW_PASSWORD });
        assert.equal(late.status, 410);
        assert.match(late.body, /This link has expired/);
      });
    });

    describe('a required password change (203)', () => {
      test('login leads to "You must change your password", and the new password signs the person in', async () => {
        const user = await admin.createUser();
        await admin.client.patchUser(user.id, { user: { passwordChangeRequired: true } });
        const browser = new Browser(t.url);
        const page = await browser.login(user.email, user.password);
        assert.equal(new URL(page.url).pathname, '/change-password');
        assert.match(page.body, /You must change your password/);
        assert.equal(signedIn(page), false);
        assert.doesNotMatch(page.body, /type="hidden" name="(?!_csrf)/, 'the changePasswordId stays server-side');

        const short = await browser.post('/change-password', { _csrf: csrfTokenIn(page.body), password: 'short' });
        assert.equal(short.status, 400);
        const done = await browser.post('/change-password', { _csrf: csrfTokenIn(short.body), password: NEW_PASSWORD });
        assert.ok(signedIn(done));
        assert.ok(signedIn(await new Browser(t.url).login(user.email, NEW_PASSWORD)), 'no change asked again');
      });

      test('a paused change that expired, or none at all, says so and offers to sign in again', async () => {
        const user = await admin.createUser();
        await admin.client.patchUser(user.id, { user: { passwordChangeRequired: true } });
        const browser = new Browser(t.url);
        const page = await browser.login(user.email, user.password);
        t.clock.advance(601_000);
        const late = await browser.post('/change-password', { _csrf: csrfTokenIn(page.body), password: NEW_PASSWORD });
        assert.equal(late.status, 400);
        assert.match(late.body, /This sign-in has expired/);
        assert.equal((await new Browser(t.url).get('/change-password')).status, 400);
      });
    });

    describe('email verification (212)', () => {
      before(() =>
        admin.client.patchTenant(t.fusionAuth.tenantId ?? '', {
          tenant: { emailConfiguration: { verifyEmail: true } },
        }),
      );
      after(() =>
        admin.client.patchTenant(t.fusionAuth.tenantId ?? '', {
          tenant: { emailConfiguration: { verifyEmail: false } },
        }),
      );

      test('"Check your email", a resend, the emailed link, then sign-in works; the used link gets a clear message', async () => {
        const email = uniqueEmail();
        await admin.client.register(randomUUID(), {
          user: { email, password: 'correct horse battery' },
          registration: { applicationId: admin.applicationId },
        });
        const browser = new Browser(t.url);
        const gated = await browser.login(email, 'correct horse battery');
        assert.equal(gated.status, 403);
        assert.match(gated.body, /<h1>Check your email<\/h1>/);
        assert.equal(signedIn(gated), false);

        const resent = await browser.post('/verify-email/resend', { _csrf: csrfTokenIn(gated.body), email });
        assert.match(resent.body, /We sent a new link/);
        assert.equal((await mailTo(t, email)).length, 2);
        const link = await linkIn(t, email, 'verify-email');

        const confirm = await browser.get(link);
        const confirmed = await browser.post(link, { _csrf: csrfTokenIn(confirm.body) });
        assert.match(confirmed.body, /Email address confirmed/);
        assert.ok(signedIn(await browser.login(email, 'correct horse battery')));

        const again = await new Browser(t.url).submit(link, link, {});
        assert.equal(again.status, 410);
        assert.match(again.body, /This link has expired/);
      });
    });

    describe('registration verification (213)', () => {
      before(() => admin.client.patchApplication(admin.applicationId, { application: { verifyRegistration: true } }));
      after(() => admin.client.patchApplication(admin.applicationId, { application: { verifyRegistration: false } }));

      test('/register waits for the emailed link; login says "Confirm your registration" with a resend; the link confirms, then sign-in works', async () => {
        const email = uniqueEmail();
        const browser = new Browser(t.url);
        const registered = await browser.submit('/register', '/register', {
          email,
          password: 'correct horse battery',
          firstName: 'Reg',
          lastName: 'Pending',
        });
        assert.equal(registered.status, 200);
        assert.match(registered.body, /<h1>Confirm your registration<\/h1>/);
        assert.equal(signedIn(registered), false);
        assert.equal(signedIn(await browser.get('/')), false, 'nobody signed in');

        const gated = await browser.login(email, 'correct horse battery');
        assert.equal(gated.status, 403);
        assert.match(gated.body, /confirm your registration with the link we sent to <strong>/);
        const resent = await browser.post('/verify-registration/resend', { _csrf: csrfTokenIn(gated.body), email });
        assert.match(resent.body, /We sent a new link/);
        assert.equal((await mailTo(t, email)).length, 2);
        const link = await linkIn(t, email, 'verify-registration');

        const confirm = await browser.get(link);
        assert.match(confirm.body, /Confirm my registration/);
        const confirmed = await browser.post(link, { _csrf: csrfTokenIn(confirm.body) });
        assert.match(confirmed.body, /Registration confirmed/);
        assert.ok(signedIn(await browser.login(email, 'correct horse battery')));

        const again = await new Browser(t.url).submit(link, link, {});
        assert.equal(again.status, 410);
      });
    });

    describe('two-factor sign-in (242) and /account', () => {
      async function turnOnTwoFactor(browser: Browser): Promise<{ base32: string; recoveryCodes: string[] }> {
        const setup = await browser.get('/account/two-factor');
        assert.match(
          setup.body,
          /<img class="qr" alt="QR code for your authenticator app" width="200" height="200" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"/,
        );
        const base32 = (/<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(setup.body)?.[1] ?? '').replace(/ /g, '');
        const secret = /name="secret" value="([^"]+)"/.exec(setup.body)?.[1] ?? '';
        const wrong = await browser.post('/account/two-factor/enable', {
          _csrf: csrfTokenIn(setup.body),
          secret,
          code: '000000',
        });
        assert.equal(wrong.status, 400);
        assert.match(wrong.body, /That code is not right/);
        const on = await browser.post('/account/two-factor/enable', {
          _csrf: csrfTokenIn(wrong.body),
          secret,
          code: codeFor(t, base32),
        });
        assert.match(on.body, /Two-factor sign-in is on/);
        const recoveryCodes = [...on.body.matchAll(/<li><code>([A-Z0-9]{5}-[A-Z0-9]{5})<\/code><\/li>/g)].map(
          (m) => m[1] ?? '',
        );
        assert.equal(recoveryCodes.length, 10);
        return { base32, recoveryCodes };
      }

      test('turning it on shows a server-rendered QR code and the key; login then asks for the code (wrong ones refused)', async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        const home = await browser.login(user.email, user.password);
        assert.match(home.body, /<a href="\/account">Account<\/a>/, 'the header links to /account');
        assert.match((await browser.get('/account')).body, /Set up an authenticator app/);
        const { base32 } = await turnOnTwoFactor(browser);

        const next = new Browser(t.url);
        const ask = await next.login(user.email, user.password);
        assert.equal(new URL(ask.url).pathname, '/two-factor');
        assert.match(ask.body, /<h1>Enter your code<\/h1>/);
        assert.match(ask.body, /href="\/two-factor\?recovery=1"/);
        assert.doesNotMatch(ask.body, /type="hidden" name="(?!_csrf)/, 'the twoFactorId stays server-side');
        assert.equal(signedIn(ask), false);
        assert.equal(signedIn(await next.get('/')), false, 'not signed in before the code');

        const wrong = await next.post('/two-factor', {
          _csrf: csrfTokenIn(ask.body),
          code: '123456' === codeFor(t, base32) ? '654321' : '123456',
        });
        assert.equal(wrong.status, 400);
        assert.match(wrong.body, /That code is not right/);
        const done = await next.post('/two-factor', { _csrf: csrfTokenIn(wrong.body), code: codeFor(t, base32) });
        assert.equal(new URL(done.url).pathname, '/');
        assert.ok(signedIn(done));
      });

      test('a user deactivated for this app with two-factor on is told they cannot sign in before being asked for a code', async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        await browser.login(user.email, user.password);
        await turnOnTwoFactor(browser);
        await admin.client.patchRegistration(user.id, {
          registration: { applicationId: admin.applicationId, roles: ['user', 'deactivated'] },
        });

        const next = new Browser(t.url);
        const refused = await next.login(user.email, user.password);
        assert.equal(new URL(refused.url).pathname, '/login', 'no code page');
        assert.equal(refused.status, 403);
        assert.match(refused.body, /role="alert">This account has been deactivated for this application/);
        assert.match(
          (await next.get('/two-factor')).body,
          /This sign-in has expired/,
          'no sign-in is paused waiting for a code',
        );
        assert.match(
          (await next.login(user.email, 'not the password')).body,
          /Email or password is wrong/,
          'a wrong password still learns nothing',
        );
      });

      test('deactivated while the code page is open, the person gets the same "You cannot sign in" page as the OAuth flow', async () => {
        const user = await admin.createUser();
        const setup = new Browser(t.url);
        await setup.login(user.email, user.password);
        const { base32 } = await turnOnTwoFactor(setup);
        const browser = new Browser(t.url);
        const ask = await browser.login(user.email, user.password);
        assert.equal(new URL(ask.url).pathname, '/two-factor');
        await admin.client.patchRegistration(user.id, {
          registration: { applicationId: admin.applicationId, roles: ['user', 'deactivated'] },
        });

        const refused = await browser.post('/two-factor', { _csrf: csrfTokenIn(ask.body), code: codeFor(t, base32) });
        assert.equal(refused.status, 403);
        assert.match(
          refused.body,
          /<h1>You cannot sign in<\/h1>\s*<p>This account has been deactivated for this application\. Contact support to restore it\.<\/p>/,
        );
        assert.match(refused.body, /<a class="button" href="\/">Go to the home page<\/a>/);
        assert.equal(signedIn(await browser.get('/')), false);
      });

      test('with two-factor on, changing the password on /account also takes a code from the app (FusionAuth wants trust)', async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        await browser.login(user.email, user.password);
        const { base32 } = await turnOnTwoFactor(browser);
        const account = await browser.get('/account');
        assert.match(account.body, /<label for="field-password-code">Code to confirm the password change<\/label>/);
        const fields = { currentPassword: user.password, password: NEW_PASSWORD };
        const missing = await browser.post('/account/password', { _csrf: csrfTokenIn(account.body), ...fields });
        assert.equal(missing.status, 400);
        assert.match(missing.body, /Enter a code from your authenticator app/);
        const wrong = await browser.post('/account/password', {
          _csrf: csrfTokenIn(missing.body),
          ...fields,
          code: codeFor(t, base32) === '123456' ? '654321' : '123456',
        });
        assert.equal(wrong.status, 400);
        assert.match(wrong.body, /That code is not right/);
        const changed = await browser.post('/account/password', {
          _csrf: csrfTokenIn(wrong.body),
          ...fields,
          code: codeFor(t, base32),
        });
        assert.equal(new URL(changed.url).pathname, '/account/password-changed');
        assert.match(
          changed.body,
          /role="status">Your password was changed\.<\/p>/,
          'with no other session, no "0 other sessions were signed out"',
        );
        assert.equal(
          new URL((await new Browser(t.url).login(user.email, NEW_PASSWORD)).url).pathname,
          '/two-factor',
          'the new password, then the code',
        );
      });

      test('with two-factor on, the reset link asks for the email and a code before it sets the new password', async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        await browser.login(user.email, user.password);
        const { base32 } = await turnOnTwoFactor(browser);
        const stranger = await admin.createUser();
        await browser.submit('/forgot-password', '/forgot-password', { email: user.email });
        const link = await linkIn(t, user.email, 'reset-password');

        const form = await browser.get(link);
        assert.match(form.body, /confirm it is you with your email address and a code/);
        assert.match(form.body, /name="email"/);
        assert.match(form.body, /name="code"/);
        const notMine = await browser.post(link, {
          _csrf: csrfTokenIn(form.body),
          email: stranger.email,
          code: codeFor(t, base32),
          password: NEW_PASSWORD,
        });
        assert.equal(notMine.status, 400);
        assert.match(notMine.body, /That email and code do not confirm this account/);
        const done = await browser.post(link, {
          _csrf: csrfTokenIn(notMine.body),
          email: user.email,
          code: codeFor(t, base32),
          password: NEW_PASSWORD,
        });
        assert.notEqual(done.status, 400, done.body);
        assert.match((await new Browser(t.url).login(user.email, user.password)).body, /Email or password is wrong/);
        assert.equal(new URL((await new Browser(t.url).login(user.email, NEW_PASSWORD)).url).pathname, '/two-factor');
        assert.match(
          (await new Browser(t.url).login(stranger.email, stranger.password)).body,
          /Sign out<\/button>/,
          "the stranger's password is untouched",
        );
      });

      test('with two-factor on, a required change (242 then 203) takes the trust of the code just typed: no second code', async () => {
        const user = await admin.createUser();
        const setupBrowser = new Browser(t.url);
        await setupBrowser.login(user.email, user.password);
        const { base32 } = await turnOnTwoFactor(setupBrowser);
        await admin.client.patchUser(user.id, { user: { passwordChangeRequired: true } });
        const browser = new Browser(t.url);
        const ask = await browser.login(user.email, user.password);
        const change = await browser.post('/two-factor', { _csrf: csrfTokenIn(ask.body), code: codeFor(t, base32) });
        assert.equal(new URL(change.url).pathname, '/change-password');
        assert.doesNotMatch(change.body, /name="code"/, 'the trustToken from the code step is kept server-side');
        assert.doesNotMatch(change.body, /type="hidden" name="(?!_csrf)/);
        const done = await browser.post('/change-password', {
          _csrf: csrfTokenIn(change.body),
          password: NEW_PASSWORD,
        });
        assert.ok(signedIn(done), 'signed in with the oneTimePassword the change returned');
        assert.equal(
          new URL((await new Browser(t.url).login(user.email, NEW_PASSWORD)).url).pathname,
          '/two-factor',
          'no change asked again',
        );
      });

      test('a recovery code signs in once; new recovery codes replace the old ones', async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        await browser.login(user.email, user.password);
        const { recoveryCodes } = await turnOnTwoFactor(browser);

        const lost = new Browser(t.url);
        await lost.login(user.email, user.password);
        const form = await lost.get('/two-factor?recovery=1');
        assert.match(form.body, /<h1>Enter a recovery code<\/h1>/);
        assert.ok(
          signedIn(await lost.post('/two-factor', { _csrf: csrfTokenIn(form.body), code: recoveryCodes[0] ?? '' })),
        );

        const again = new Browser(t.url);
        await again.login(user.email, user.password);
        const reuse = await again.submit('/two-factor?recovery=1', '/two-factor', { code: recoveryCodes[0] ?? '' });
        assert.equal(reuse.status, 400);
        assert.match(reuse.body, /already used/);

        const account = await browser.get('/account');
        const fresh = await browser.post('/account/two-factor/recovery-codes', { _csrf: csrfTokenIn(account.body) });
        assert.match(fresh.body, /Your old recovery codes no longer work/);
        const stale = await again.submit('/two-factor?recovery=1', '/two-factor', { code: recoveryCodes[1] ?? '' });
        assert.equal(stale.status, 400, 'an old code no longer works');
      });

      test('a code entered after the twoFactorId expired gets "This sign-in has expired"', async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        await browser.login(user.email, user.password);
        const { base32 } = await turnOnTwoFactor(browser);
        const late = new Browser(t.url);
        const ask = await late.login(user.email, user.password);
        t.clock.advance(301_000);
        const page = await late.post('/two-factor', { _csrf: csrfTokenIn(ask.body), code: codeFor(t, base32) });
        assert.equal(page.status, 400);
        assert.match(page.body, /This sign-in has expired/);
        assert.equal(signedIn(await late.get('/')), false);
        assert.equal((await new Browser(t.url).get('/two-factor')).status, 400, 'no paused sign-in at all');
      });

      test('turning it off needs a right code; then login is a single step again', async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        await browser.login(user.email, user.password);
        const { base32 } = await turnOnTwoFactor(browser);
        const account = await browser.get('/account');
        assert.match(account.body, /Turn off two-factor sign-in/);
        const wrong = await browser.post('/account/two-factor/disable', {
          _csrf: csrfTokenIn(account.body),
          code: '000000',
        });
        assert.equal(wrong.status, 400);
        assert.match(wrong.body, /That code is not right/);
        const off = await browser.post('/account/two-factor/disable', {
          _csrf: csrfTokenIn(wrong.body),
          code: codeFor(t, base32),
        });
        assert.match(off.body, /Two-factor sign-in is off/);
        assert.equal(new URL((await new Browser(t.url).login(user.email, user.password)).url).pathname, '/');
      });
    });

    describe('changing the password on /account', () => {
      test('a wrong current password is refused; a right one signs out the other sessions, says so, and keeps this one', async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        const other = new Browser(t.url);
        await browser.login(user.email, user.password);
        assert.ok(signedIn(await other.login(user.email, user.password)));

        const account = await browser.get('/account');
        const wrong = await browser.post('/account/password', {
          _csrf: csrfTokenIn(account.body),
          currentPassword: 'not my password',
          password: NEW_PASSWORD,
        });
        assert.equal(wrong.status, 400);
        assert.match(wrong.body, /Your current password is not right/);
        assert.ok(signedIn(await other.get('/')), 'nothing changed');

        const changed = await browser.post('/account/password', {
          _csrf: csrfTokenIn(wrong.body),
          currentPassword: user.password,
          password: NEW_PASSWORD,
        });
        assert.equal(new URL(changed.url).pathname, '/account/password-changed');
        assert.match(changed.body, /Your password was changed. 1 other session was signed out./);
        assert.ok(signedIn(await browser.get('/account')), 'this session goes on');
        assert.equal(signedIn(await other.get('/')), false, 'the other session ended');
        assert.ok(signedIn(await new Browser(t.url).login(user.email, NEW_PASSWORD)));
      });

      test('/account needs a signed-in person', async () => {
        const page = await new Browser(t.url).get('/account', { follow: false });
        assert.equal(page.status, 303);
        assert.equal(page.headers.get('location'), '/login?returnTo=%2Faccount');
      });
    });
  });

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Secret, TOTP } from 'otpauth';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn, type Page } from '../support/browser.ts';
import { FusionAuthAdmin, uniqueEmail } from '../support/fusionauth-admin.ts';
import { formIn, isHostedLoginPage, submitHostedForm } from '../support/hosted-pages.ts';
import { isRealFusionAuth } from '../support/fusionauth-target.ts';

const JWT = /^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const SSO_COOKIE = 'fusionauth.sso';

/** Signs in through FusionAuth's hosted login page, following every redirect. */
async function oauthLogin(browser: Browser, email: string, password: string): Promise<Page> {
  const loginPage = await browser.get('/login');
  assert.ok(isHostedLoginPage(loginPage), `the hosted login page, got ${loginPage.url}`);
  return submitHostedForm(browser, loginPage, { loginId: email, password });
}

/** Submits the hosted login form without following: the 302 back to the app's callback. */
async function callbackUrlFor(browser: Browser, email: string, password: string): Promise<string> {
  const page = await browser.get('/login');
  const answer = await submitHostedForm(browser, page, { loginId: email, password }, { follow: false });
  assert.equal(answer.status, 302);
  return answer.headers.get('location') ?? '';
}

function assertTryAgainPage(page: Page, status: number, title: RegExp): void {
  assert.equal(page.status, status);
  assert.match(page.body, title);
  assert.match(page.body, /<a class="button" href="\/login">Try again<\/a>/);
  assert.doesNotMatch(page.body, /Hello,/);
}

for (const mode of ['user', 'tokens'] as const)
  describe(
    `LOGIN_FLOW=oauth, ${mode} session mode`,
    {
      skip:
        isRealFusionAuth() &&
        'the test app listens on a random port, whose /oauth-callback the FusionAuth application does not authorize',
    },
    () => {
      let t: TestApp;
      let admin: FusionAuthAdmin;
      before(async () => {
        t = await startTestApp({ env: { LOGIN_FLOW: 'oauth', SESSION_MODE: mode } });
        admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
      });
      after(() => t.close());

      /** The refresh tokens the OAuth code exchange issued (creating a user through the API issues one too). */
      const refreshTokensOf = async (userId: string) =>
        ((await admin.client.retrieveRefreshTokens(userId)).response.refreshTokens ?? []).filter((token) =>
          (token.metaData?.scopes ?? []).includes('openid'),
        );

      test('/login redirects to the hosted page with PKCE S256, state and nonce, and signs in through it', async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        const redirect = await browser.get('/login', { follow: false });
        assert.equal(redirect.status, 303);
        const authorize = new URL(redirect.headers.get('location') ?? '');
        assert.equal(authorize.origin + authorize.pathname, `${t.fusionAuth.url}/oauth2/authorize`);
        const query = authorize.searchParams;
        assert.equal(query.get('client_id'), t.config.fusionAuth.clientId);
        assert.equal(query.get('redirect_uri'), `${t.url}/oauth-callback`);
        assert.equal(query.get('response_type'), 'code');
        assert.equal(query.get('code_challenge_method'), 'S256');
        assert.match(query.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
        assert.match(query.get('state') ?? '', /^[A-Za-z0-9_-]{43}$/, '256-bit state from a CSPRNG');
        assert.match(query.get('nonce') ?? '', /^[A-Za-z0-9_-]{43}$/);
        assert.deepEqual(
          query.get('scope')?.split(' ').sort(),
          mode === 'tokens' ? ['email', 'offline_access', 'openid', 'profile'] : ['email', 'openid', 'profile'],
          'a refresh token is asked for only when the session keeps it',
        );
        const anonymous = browser.cookies.get('session');
        assert.ok(anonymous, 'the transaction lives in an anonymous server-side session');

        const page = await browser.get(authorize.href);
        assert.ok(isHostedLoginPage(page));
        assert.match(page.body, /<title>Login \| FusionAuth<\/title>/);
        assert.match(page.body, /<link rel="stylesheet" href="\/oauth2\/style.css">/);
        assert.doesNotMatch(page.body, /<script/);
        assert.doesNotMatch(page.body, /code_verifier/, 'the verifier never leaves the app');

        const profile = await submitHostedForm(browser, page, { loginId: user.email, password: user.password });
        assert.equal(profile.status, 200);
        assert.equal(profile.url, `${t.url}/`);
        assert.equal(profile.redirects, 2, 'FusionAuth → callback → profile, no loop');
        assert.match(profile.body, /Hello, Test Person/);
        assert.notEqual(browser.cookies.get('session'), anonymous, 'a brand-new session id at sign-in');
        assert.ok(browser.cookies.get(SSO_COOKIE), 'FusionAuth keeps its own SSO session');

        const [stored] = await t.store.listUserSessions(user.id);
        assert.equal(stored?.session.pendingAuthorization, undefined);
        if (mode === 'tokens') {
          assert.match(stored?.session.tokens?.accessToken ?? '', JWT);
          assert.ok(stored?.session.tokens?.refreshToken);
          assert.deepEqual(
            Object.keys(stored?.session.tokens ?? {}).sort(),
            ['accessToken', 'accessTokenExpiresAt', 'refreshToken', 'refreshTokenId'],
            'the id_token is not kept: nothing needs it',
          );
          assert.equal((await refreshTokensOf(user.id)).length, 1);
        } else {
          assert.equal(stored?.session.tokens, undefined);
          assert.deepEqual(await refreshTokensOf(user.id), [], 'user mode keeps no refresh token alive');
        }
        assert.match((await browser.get('/')).body, /Hello, Test Person/);
      });

      test('/register goes through the hosted registration page and signs the new person in', async () => {
        const browser = new Browser(t.url);
        const page = await browser.get('/register');
        assert.equal(new URL(page.url).pathname, '/oauth2/register');
        assert.match(page.body, /<input id="email" type="text" name="user.email"/);
        const email = uniqueEmail();
        const profile = await submitHostedForm(browser, page, {
          'user.email': email,
          'user.password': 'correct horse battery',
          'user.firstName': 'Ada',
          'user.lastName': 'Lovelace',
        });
        assert.equal(profile.url, `${t.url}/`);
        assert.match(profile.body, /Hello, Ada Lovelace/);
        assert.match(profile.body, new RegExp(`<dd>${email}</dd>`));
      });

      test('a wrong password is shown on the hosted page, and nobody is signed in', async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        const page = await oauthLogin(browser, user.email, 'not the password');
        assert.ok(isHostedLoginPage(page), 'still on the hosted login page');
        assert.match(
          page.body,
          /<div class="alert error" role="alert"><i class="fa fa-exclamation-circle"><\/i><p>Invalid login credentials.<\/p><\/div>/,
        );
        assert.match(page.body, new RegExp(`value="${user.email}"`), 'the email is kept');
        assert.equal(browser.cookies.get(SSO_COOKIE), undefined);
        assert.match((await browser.get(`${t.url}/`)).body, /<h1>Welcome<\/h1>/);
      });

      test('a two-factor user types the code on the hosted page, then is signed in', async () => {
        const user = await admin.createUser();
        const { response: secret } = await admin.client.generateTwoFactorSecret();
        const totp = new TOTP({
          secret: Secret.fromBase32(secret.secretBase32Encoded ?? ''),
          algorithm: 'SHA1',
          digits: 6,
          period: 30,
        });
        const code = () => totp.generate({ timestamp: t.clock.now() });
        await admin.client.enableTwoFactor(user.id, { method: 'authenticator', code: code(), secret: secret.secret });
        const browser = new Browser(t.url);
        const ask = await oauthLogin(browser, user.email, user.password);
        assert.match(ask.body, /<h2>Authentication challenge<\/h2>/);
        assert.match((await browser.get(`${t.url}/`)).body, /<h1>Welcome<\/h1>/, 'not signed in before the code');
        const home = await submitHostedForm(browser, ask, { code: code() });
        assert.equal(new URL(home.url).origin, t.url);
        assert.match(home.body, new RegExp(`<span class="who">${user.email}</span>`));
      });

      test('a user who must change the password does so on the hosted page, then is signed in', async () => {
        const user = await admin.createUser();
        await admin.client.patchUser(user.id, { user: { passwordChangeRequired: true } });
        const browser = new Browser(t.url);
        const ask = await oauthLogin(browser, user.email, user.password);
        assert.match(ask.body, /<h2>Update your password<\/h2>/);
        const home = await submitHostedForm(browser, ask, {
          password: 'a brand new password',
          passwordConfirm: 'a brand new password',
        });
        assert.match(home.body, new RegExp(`<span class="who">${user.email}</span>`));
      });

      test('an emailed reset link works in this flow too: the new password signs the person in', async () => {
        const user = await admin.createUser();
        const { changePasswordId = '' } = (
          await admin.client.forgotPassword({
            loginId: user.email,
            applicationId: admin.applicationId,
            sendForgotPasswordEmail: false,
          })
        ).response;
        const browser = new Browser(t.url);
        const form = await browser.get(`/reset-password/${changePasswordId}`);
        assert.equal(form.status, 200);
        const done = await browser.post(`/reset-password/${changePasswordId}`, {
          _csrf: csrfTokenIn(form.body),
          password: 'a brand new password',
        });
        assert.match(done.body, new RegExp(`<span class="who">${user.email}</span>`));
        assert.equal(
          (await new Browser(t.url).get('/verify-email/some-id')).status,
          200,
          'the email confirmation link has its page too',
        );
      });

      test('a tampered state is refused with a "try again" page, and the transaction is spent', async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        const callback = new URL(await callbackUrlFor(browser, user.email, user.password));
        const genuine = callback.href;
        callback.searchParams.set('state', 'tampered');
        assertTryAgainPage(await browser.get(callback.href), 400, /Sign-in could not be verified/);
        assertTryAgainPage(await browser.get(genuine), 400, /This sign-in has expired/);
        assert.match((await browser.get('/')).body, /<h1>Welcome<\/h1>/);
      });

      test('a code replayed in another browser is refused, and so is a replay in the same browser', async () => {
        const user = await admin.createUser();
        const victim = new Browser(t.url);
        const callback = await callbackUrlFor(victim, user.email, user.password);
        assert.match((await victim.get(callback)).body, /Hello, Test Person/);

        const attacker = new Browser(t.url);
        assertTryAgainPage(await attacker.get(callback), 400, /This sign-in has expired/);
        await attacker.get('/login');
        assertTryAgainPage(await attacker.get(callback), 400, /Sign-in could not be verified/);
        assert.match((await attacker.get('/')).body, /<h1>Welcome<\/h1>/);
        assertTryAgainPage(await victim.get(callback), 400, /This sign-in has expired/);
      });

      test('?error=… from FusionAuth, and a callback with no transaction, give clear 400 pages', async () => {
        const browser = new Browser(t.url);
        const login = await browser.get('/login', { follow: false });
        const state = new URL(login.headers.get('location') ?? '').searchParams.get('state') ?? '';
        const refused = await browser.get(`/oauth-callback?error=access_denied&error_description=nope&state=${state}`);
        assertTryAgainPage(refused, 400, /Sign-in was not completed/);
        assert.doesNotMatch(refused.body, /nope/, 'nothing from the query is echoed');
        assertTryAgainPage(
          await new Browser(t.url).get('/oauth-callback?code=abc&state=xyz'),
          400,
          /This sign-in has expired/,
        );
        assertTryAgainPage(await new Browser(t.url).get('/oauth-callback'), 400, /This sign-in has expired/);
      });

      test('a user barred by the deactivated role is refused with the form flow\'s words, no useless "Try again", and keeps no refresh token', async () => {
        const user = await admin.createUser({ roles: ['user', 'deactivated'] });
        const browser = new Browser(t.url);
        const page = await oauthLogin(browser, user.email, user.password);
        assert.equal(page.status, 403);
        assert.match(
          page.body,
          /<h1>You cannot sign in<\/h1>\s*<p>This account has been deactivated for this application\. Contact support to restore it\.<\/p>/,
        );
        assert.match(page.body, /<a class="button" href="\/">Go to the home page<\/a>/);
        assert.doesNotMatch(page.body, /Try again/);
        assert.deepEqual(await refreshTokensOf(user.id), [], 'the refresh token issued by the exchange is revoked');
        assert.match((await browser.get('/')).body, /<h1>Welcome<\/h1>/);
      });

      test('a user not registered for the app is refused: by FusionAuth when it requires registration, else by the app', async () => {
        const user = await admin.createUser({ registered: false });
        const blocked = await oauthLogin(new Browser(t.url), user.email, user.password);
        assert.equal(new URL(blocked.url).origin, t.fusionAuth.url, 'FusionAuth keeps the person');
        assert.match(blocked.body, /<h2>Registration Required<\/h2>/);

        const applicationId = t.config.fusionAuth.clientId;
        await admin.client.patchApplication(applicationId, {
          application: { oauthConfiguration: { requireRegistration: false } },
        });
        try {
          const browser = new Browser(t.url);
          const page = await oauthLogin(browser, user.email, user.password);
          assert.equal(page.status, 403);
          assert.match(
            page.body,
            /<h1>You cannot sign in<\/h1>\s*<p>This account is not registered for this application\.<\/p>/,
          );
          assert.deepEqual(await refreshTokensOf(user.id), []);
          assert.match((await browser.get('/')).body, /<h1>Welcome<\/h1>/);
        } finally {
          await admin.client.patchApplication(applicationId, {
            application: { oauthConfiguration: { requireRegistration: true } },
          });
        }
      });

      test(
        'tokens mode: an expired access token from the code exchange is refreshed',
        { skip: mode !== 'tokens' },
        async () => {
          const user = await admin.createUser();
          const browser = new Browser(t.url);
          await oauthLogin(browser, user.email, user.password);
          const [before] = await t.store.listUserSessions(user.id);
          t.clock.advance(301_000);
          assert.match((await browser.get('/')).body, /Hello, Test Person/);
          const [after] = await t.store.listUserSessions(user.id);
          assert.notEqual(
            after?.session.tokens?.accessToken,
            before?.session.tokens?.accessToken,
            'a new access token',
          );
        },
      );

      test('with a live FusionAuth SSO session, /login signs in again without the form', async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        await oauthLogin(browser, user.email, user.password);
        browser.cookies.delete('session');
        const again = await browser.get('/login');
        assert.equal(again.url, `${t.url}/`);
        assert.match(again.body, /Hello, Test Person/);
      });

      test('logout ends the app session and FusionAuth’s SSO session by client_id alone: the next /login shows the form', async () => {
        const user = await admin.createUser();
        const browser = new Browser(t.url);
        const profile = await oauthLogin(browser, user.email, user.password);

        const loggedOut = await browser.post('/logout', { _csrf: csrfTokenIn(profile.body) }, { follow: false });
        assert.equal(loggedOut.status, 303);
        const endSession = new URL(loggedOut.headers.get('location') ?? '');
        assert.equal(endSession.origin + endSession.pathname, `${t.fusionAuth.url}/oauth2/logout`);
        assert.equal(endSession.searchParams.get('client_id'), t.config.fusionAuth.clientId);
        assert.equal(endSession.searchParams.get('post_logout_redirect_uri'), `${t.url}/`);
        assert.equal(
          endSession.searchParams.get('id_token_hint'),
          null,
          'regression: the ID token (email, name) no longer rides in the logout URL',
        );
        assert.deepEqual(await t.store.listUserSessions(user.id), [], 'the app session is destroyed');
        assert.deepEqual(await refreshTokensOf(user.id), [], 'and its refresh token revoked');

        // The kickstart's logoutBehavior AllApplications: FusionAuth's "Logging out" page frames every app's logout URL, then comes home.
        const loggingOut = await browser.get(endSession.href);
        assert.match(loggingOut.body, new RegExp(`<iframe src="${t.url}/logout/front-channel"`));
        assert.match(loggingOut.body, new RegExp(`<meta http-equiv="Refresh" content="2; url=${t.url}/">`));
        const home = await browser.get('/');
        assert.match(home.body, /<h1>Welcome<\/h1>/);
        assert.equal(browser.cookies.get(SSO_COOKIE), undefined, 'FusionAuth’s SSO cookie is cleared');
        assert.ok(isHostedLoginPage(await browser.get('/login')), 'the form again, not a silent sign-in');
      });

      /** The user's FusionAuth SSO sessions: their refresh tokens without an application. */
      const ssoSessionsOf = async (userId: string) =>
        ((await admin.client.retrieveRefreshTokens(userId)).response.refreshTokens ?? []).filter(
          (token) => !token.applicationId,
        );

      /** One user signed in through the hosted pages in two browsers, each with its own FusionAuth SSO session. */
      async function signedInTwice() {
        const user = await admin.createUser();
        const laptop = new Browser(t.url);
        const phone = new Browser(t.url);
        await oauthLogin(laptop, user.email, user.password);
        await oauthLogin(phone, user.email, user.password);
        return { user, laptop, phone };
      }

      async function revokeOtherDevice(laptop: Browser): Promise<void> {
        const page = await laptop.get('/account/sessions');
        // This device is listed first; the other is the second row.
        const action = [...page.body.matchAll(/action="(\/account\/sessions\/[^"]+\/revoke)"/g)][1]?.[1];
        assert.ok(action, 'the other device is listed');
        assert.match((await laptop.post(action, { _csrf: csrfTokenIn(page.body) })).body, / was signed out\./);
      }

      test('a browser signed out from another device is told so, and its next sign-in asks for the password though its FusionAuth SSO session lives', async () => {
        const { user, laptop, phone } = await signedInTwice();
        await revokeOtherDevice(laptop);
        assert.equal(
          (await ssoSessionsOf(user.id)).length,
          2,
          "FusionAuth's SSO sessions are untouched: the laptop keeps its own",
        );

        const account = await phone.get('/account');
        assert.equal(account.status, 401);
        assert.match(account.body, /You were signed out from another device/);
        assert.match(account.body, /<a class="button" href="\/login\?returnTo=%2Faccount">Sign in again<\/a>/);
        assert.match(
          (await phone.get('/')).body,
          /<h1>Welcome<\/h1>\s*<p class="notice" role="status">You were signed out from another device.<\/p>/,
        );

        const start = await phone.get('/login?returnTo=%2Faccount', { follow: false });
        assert.equal(new URL(start.headers.get('location') ?? '').searchParams.get('prompt'), 'login');
        assert.ok(isHostedLoginPage(await phone.get('/login')), 'the login form, not a silent sign-in');
        t.clock.advance(31 * 60_000);
        assert.ok(
          isHostedLoginPage(await phone.get('/login')),
          'still the form after the anonymous session of the first try ended',
        );
        const home = await oauthLogin(phone, user.email, user.password);
        assert.match(home.body, /Hello, Test Person/);
        assert.match((await laptop.get('/')).body, /Hello, Test Person/, 'the laptop stays signed in');
      });

      test('a revoked browser that strips prompt=login from the authorization URL is not signed in by its old SSO session', async () => {
        const { laptop, phone } = await signedInTwice();
        t.clock.advance(60_000);
        await revokeOtherDevice(laptop);
        const start = await phone.get('/login', { follow: false });
        const stripped = new URL(start.headers.get('location') ?? '');
        stripped.searchParams.delete('prompt');
        const page = await phone.get(stripped.href);
        assertTryAgainPage(page, 400, /Sign in with your password/);
        assert.ok(isHostedLoginPage(await phone.get('/login')), 'trying again shows the form');
      });

      test("sign out everywhere ends the person's FusionAuth SSO sessions too", async () => {
        const { user, laptop, phone } = await signedInTwice();
        const page = await laptop.get('/account/sessions');
        await laptop.post('/account/sessions/revoke-all', { _csrf: csrfTokenIn(page.body), confirm: 'everywhere' });
        assert.deepEqual(await ssoSessionsOf(user.id), []);
        assert.ok(isHostedLoginPage(await laptop.get('/login')));
        assert.ok(isHostedLoginPage(await phone.get('/login')));
      });

      test('a password change ends the other browsers and every FusionAuth SSO session of the person', async () => {
        const { user, laptop, phone } = await signedInTwice();
        const account = await laptop.get('/account');
        const changed = await laptop.post('/account/password', {
          _csrf: csrfTokenIn(account.body),
          currentPassword: user.password,
          password: 'a brand new password',
        });
        assert.match(changed.body, /Your password was changed/);
        assert.deepEqual(await ssoSessionsOf(user.id), []);
        assert.match((await phone.get('/')).body, /You were signed out because your password was changed/);
        assert.ok(isHostedLoginPage(await phone.get('/login')));
        assert.match((await laptop.get('/')).body, /Hello, Test Person/);
      });

      test("the person's own logout ends only this browser's FusionAuth SSO session", async () => {
        const { user, laptop, phone } = await signedInTwice();
        const profile = await laptop.get('/');
        await laptop.post('/logout', { _csrf: csrfTokenIn(profile.body) });
        assert.equal((await ssoSessionsOf(user.id)).length, 1);
        assert.match((await phone.get('/')).body, /Hello, Test Person/);
        phone.cookies.delete('session');
        assert.match(
          (await phone.get('/login')).body,
          /Hello, Test Person/,
          "the phone's SSO session still signs it in",
        );
      });
    },
  );

describe(
  'LOGIN_FLOW=oauth while FusionAuth is down',
  {
    skip:
      isRealFusionAuth() &&
      'the test app listens on a random port, whose /oauth-callback the FusionAuth application does not authorize',
  },
  () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ env: { LOGIN_FLOW: 'oauth', SESSION_MODE: 'tokens' } });
    });
    after(() => t.close());

    test('the callback answers 503 with a "try again" link, never a 500', async () => {
      const admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
      const user = await admin.createUser();
      const browser = new Browser(t.url);
      const callback = await callbackUrlFor(browser, user.email, user.password);
      await t.fusionAuth.close();
      const page = await browser.get(callback);
      assertTryAgainPage(page, 503, /Sign-in is temporarily unavailable/);
    });
  },
);

test('the hosted form posts hidden fields only for the authorization request', () => {
  const page = {
    status: 200,
    url: 'http://idp.test/oauth2/authorize',
    headers: new Headers(),
    redirects: 0,
    body: '<form method="post" action="/oauth2/authorize"><input type="hidden" name="state" value="a&amp;b">',
  };
  assert.deepEqual(formIn(page), { action: 'http://idp.test/oauth2/authorize', hidden: { state: 'a&b' } });
});

describe('starting an OAuth sign-in', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { LOGIN_FLOW: 'oauth' } });
  });
  after(() => t.close());

  test('holds its transaction in a short-lived anonymous session, not a 14-day one', async () => {
    const page = await new Browser(t.url).get('/login', { follow: false });
    assert.equal(page.status, 303);
    const cookie = page.headers.getSetCookie().find((line) => line.startsWith('session=')) ?? '';
    assert.match(cookie, /; Max-Age=1800;/);
  });
});

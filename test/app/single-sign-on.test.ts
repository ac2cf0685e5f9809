/**
 * Single sign-on across two applications of one tenant ("Acme Account" and "Acme Billing", this code
 * run twice), over HTTP with one browser: sign in once, sign out of one app or of all of them, and
 * FusionAuth's logout URL (front channel) with its bad input.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, csrfTokenIn, type Page } from '../support/browser.ts';
import { isHostedLoginPage } from '../support/hosted-pages.ts';
import { isRealFusionAuth } from '../support/fusionauth-target.ts';
import { eventually, isSignedIn } from '../support/revocation.ts';
import { signIn, startTwoApps, type TwoApps } from '../support/two-apps.ts';

const skip =
  isRealFusionAuth() && 'the apps listen on random ports, which the FusionAuth applications do not authorize';

/** Posts the sign-out page's form of `scope` in the app at `browser.baseUrl`. */
async function signOut(browser: Browser, scope: 'this-app' | 'all-apps', follow = true): Promise<Page> {
  const page = await browser.get('/logout');
  return browser.post('/logout', { _csrf: csrfTokenIn(page.body), scope }, { follow });
}

for (const mode of ['user', 'tokens'] as const)
  describe(`single sign-on across two apps, LOGIN_FLOW=oauth, ${mode} session mode`, { skip }, () => {
    let apps: TwoApps;
    before(async () => {
      apps = await startTwoApps({ LOGIN_FLOW: 'oauth', SESSION_MODE: mode });
    });
    after(() => apps.close());

    test('signed in to Account, opening Billing signs in with no password; its sessions page says so, both name one SSO session', async () => {
      const { user, billing } = await apps.signedInToBoth();
      const sessions = await billing.get('/account/sessions');
      assert.match(sessions.body, /through single sign-on/);
      assert.match(sessions.body, /<a class="brand" href="\/">Acme Billing<\/a>/);
      const [inAccount] = await apps.account.store.listUserSessions(user.id);
      const [inBilling] = await apps.billing.store.listUserSessions(user.id);
      assert.ok(inAccount?.session.ssoSessionId, "Account records the ID token's sid");
      assert.equal(inBilling?.session.ssoSessionId, inAccount.session.ssoSessionId);
      assert.equal(inAccount.session.signedInWith, undefined, 'Account was signed in with the password');
    });

    test('a sign-in through the SSO session alone is no proof for account changes: Billing asks to confirm, Account does not', async () => {
      const { account, billing } = await apps.signedInToBoth();
      const inBilling = await billing.get('/account/two-factor', { follow: false });
      assert.equal(inBilling.status, 303);
      assert.match(inBilling.headers.get('location') ?? '', /^\/account\/confirm\?returnTo=/);
      const inAccount = await account.get('/account/two-factor', { follow: false });
      assert.equal(inAccount.status, 200, 'the password was typed in Account moments ago');
    });

    test('a user not registered for Billing gets a clear refusal there, never a 500, and stays signed in to Account', async () => {
      const user = await apps.admins.account.createUser();
      const account = new Browser(apps.account.url);
      assert.match((await signIn(account, user)).body, /Hello/);
      const billing = account.onOtherApp(apps.billing.url);
      const page = await billing.get('/login');
      assert.ok(page.status >= 200 && page.status < 500, `a page, not a fault: ${page.status}`);
      assert.match(page.body, /[Rr]egistration/);
      assert.equal(await isSignedIn(billing), false);
      assert.equal(await isSignedIn(account), true);
    });

    test('the sign-out page offers "Sign out of Acme Account" and "Sign out of all Acme apps"', async () => {
      const { account } = await apps.signedInToBoth();
      const page = await account.get('/logout');
      assert.match(page.body, /<button type="submit" class="secondary">Sign out of Acme Account<\/button>/);
      assert.match(page.body, /<button type="submit">Sign out of all Acme apps<\/button>/);
    });

    test('"Sign out of Acme Account" leaves Billing and the SSO session; signing in to Account again asks for the password', async () => {
      const { user, account, billing } = await apps.signedInToBoth();
      const out = await signOut(account, 'this-app', false);
      assert.equal(out.headers.get('location'), '/?signed-out=1', 'home, saying so, not FusionAuth’s logout');
      assert.equal(await isSignedIn(account), false);
      assert.equal(await isSignedIn(billing), true, 'Billing stays signed in');

      const again = await account.get('/login', { follow: false });
      const authorize = new URL(again.headers.get('location') ?? '');
      assert.equal(authorize.searchParams.get('prompt'), 'login');
      assert.ok(isHostedLoginPage(await account.get(authorize.href)), 'the password form, though SSO lives');
      assert.match((await signIn(account, user)).body, /Hello/);
      assert.equal(await isSignedIn(billing), true, 'signing in again keeps the SSO session Billing came through');
      assert.equal((await account.get('/login', { follow: false })).status, 303, 'signed in');
    });

    test('"Sign out of all Acme apps" from Billing ends Account within 1 s, by the revoke webhook, and never signs back in', async () => {
      const { account, billing } = await apps.signedInToBoth();
      const out = await signOut(billing, 'all-apps', false);
      const logout = new URL(out.headers.get('location') ?? '');
      assert.equal(logout.origin + logout.pathname, `${apps.fusionAuth.url}/oauth2/logout`);
      // The back channel alone: this browser never loads FusionAuth's logout page here.
      await eventually(async () => !(await isSignedIn(account)), 1000, 'Account signed out');
      assert.equal(await isSignedIn(billing), false);

      const logoutPage = await billing.get(logout.href, { follow: false });
      assert.match(logoutPage.body, new RegExp(`<iframe src="${apps.account.url}/logout/front-channel"`));
      assert.match(logoutPage.body, new RegExp(`<iframe src="${apps.billing.url}/logout/front-channel"`));
      assert.ok(isHostedLoginPage(await account.get('/login')), 'the SSO session is gone: the form');
    });

    test('the logout URL ends this browser’s SSO-born session with a small HTML page FusionAuth may frame', async () => {
      const { user, account } = await apps.signedInToBoth();
      const [stored] = await apps.account.store.listUserSessions(user.id);
      const page = await account.get(`/logout/front-channel?sid=${stored?.session.ssoSessionId ?? ''}`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/, 'never a download');
      assert.equal(page.headers.get('content-disposition'), null);
      assert.match(
        page.headers.get('content-security-policy') ?? '',
        new RegExp(`frame-ancestors ${apps.fusionAuth.url}`),
      );
      assert.equal(page.headers.get('x-frame-options'), null);
      assert.match(page.body, /Signed out of Acme Account/);
      assert.equal(await isSignedIn(account), false);
    });

    test('a logout-URL request for another SSO session, a foreign issuer or no session is a 200 that ends nothing', async () => {
      const { account, billing } = await apps.signedInToBoth();
      for (const query of ['?sid=not-this-session', '?iss=https%3A%2F%2Fevil.test', '?sid=&iss=']) {
        const page = await account.get(`/logout/front-channel${query}`);
        assert.equal(page.status, 200, query);
        assert.match(page.body, /Nothing to sign out of/, query);
      }
      assert.equal(await isSignedIn(account), true);
      const stranger = await new Browser(apps.billing.url).get('/logout/front-channel?sid=x');
      assert.equal(stranger.status, 200);
      assert.equal(await isSignedIn(billing), true);
    });
  });

describe('two apps with LOGIN_FLOW=form: no single sign-on session', { skip }, () => {
  let apps: TwoApps;
  before(async () => {
    apps = await startTwoApps({ LOGIN_FLOW: 'form' });
  });
  after(() => apps.close());

  test('signed in to Account, Billing shows its own login form; the sign-out page says there is no SSO session', async () => {
    const user = await apps.createUser();
    const account = new Browser(apps.account.url);
    await account.login(user.email, user.password);
    const billing = account.onOtherApp(apps.billing.url);
    const form = await billing.get('/login');
    assert.equal(form.status, 200);
    assert.match(form.body, /<form[^>]*action="\/login"/);
    assert.equal(await isSignedIn(billing), false);
    const page = await account.get('/logout');
    assert.match(page.body, /there is no single sign-on session/);
    assert.doesNotMatch(page.body, /Sign out of all Acme apps/);
  });
});

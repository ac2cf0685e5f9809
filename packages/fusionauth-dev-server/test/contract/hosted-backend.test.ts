/**
 * Contract: FusionAuth's hosted backend (`/app/login`, `/app/register`, `/app/callback`, `/app/refresh`,
 * `/app/me`, `/app/logout`), over HTTP as a browser running FusionAuth's React, Angular or Vue SDK uses it:
 * the redirects, and the `app.at`, `app.rt`, `app.idt` and `app.at_exp` cookies.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { GrantType } from '@fusionauth/typescript-client';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { Browser, isHostedLoginPage, submitHostedForm, type Page } from 'fusionauth-dev-server/testing';
import { isRealFusionAuth, startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { apiClient, registerUser, type TestUser } from './contract.ts';

const CLIENT_PAGE = 'https://client.test/';
// The hosted login page the flow passes through is the dev server's own.
const devServerOnly = { skip: isRealFusionAuth() && "signs in through the dev server's hosted page" };

let target: FusionAuthTarget;
let applicationId: string;
let user: TestUser;

before(async () => {
  target = await startFusionAuthTarget();
  applicationId = randomUUID();
  await apiClient(target).createApplication(applicationId, {
    application: {
      name: `hosted backend ${applicationId}`,
      roles: [{ name: 'user', isDefault: true }],
      oauthConfiguration: {
        authorizedRedirectURLs: [CLIENT_PAGE, 'https://client.test/other'],
        logoutURL: CLIENT_PAGE,
        enabledGrants: [GrantType.authorization_code, GrantType.refresh_token],
        generateRefreshTokens: true,
      },
      registrationConfiguration: { enabled: true },
    },
  });
  user = await registerUser(target, applicationId);
});
after(() => target?.close());

function setCookie(page: Page, name: string): string | undefined {
  return page.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
}

/** Logs in through the hosted backend, stopping at the redirect back to the client's page. */
async function logInThroughHostedBackend(browser: Browser, startPath: string): Promise<Page> {
  const start = await browser.get(startPath, { follow: false });
  assert.equal(start.status, 302, start.body);
  const login = await browser.get(start.headers.get('location') ?? '');
  assert.ok(isHostedLoginPage(login), 'the hosted login page');
  const toCallback = await submitHostedForm(
    browser,
    login,
    { loginId: user.email, password: user.password },
    { follow: false },
  );
  assert.equal(toCallback.status, 302, toCallback.body);
  const callback = toCallback.headers.get('location') ?? '';
  assert.equal(new URL(callback).pathname, '/app/callback');
  return browser.get(callback, { follow: false });
}

test('/app/login redirects to /oauth2/authorize with PKCE (S256), its own state and /app/callback as the redirect URI', async () => {
  const browser = new Browser(target.url);
  const query = new URLSearchParams({
    redirect_uri: CLIENT_PAGE,
    state: 'client-state',
    scope: 'openid offline_access',
  });
  const start = await browser.get(`/app/login/${applicationId}?${query.toString()}`, { follow: false });
  assert.equal(start.status, 302);
  const authorize = new URL(start.headers.get('location') ?? '', target.url);
  assert.equal(authorize.pathname, '/oauth2/authorize');
  const params = Object.fromEntries(authorize.searchParams);
  assert.equal(params.client_id, applicationId);
  assert.equal(params.redirect_uri, `${target.url}/app/callback`);
  assert.equal(params.response_type, 'code');
  assert.equal(params.scope, 'openid offline_access');
  assert.equal(params.code_challenge_method, 'S256');
  assert.match(params.code_challenge ?? '', /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(params.state, 'client-state', "the client's state stays with the hosted backend");
  assert.match(setCookie(start, 'app.state') ?? '', /HttpOnly/i, 'the login is tied to this browser');
});

test(
  "the callback sets FusionAuth's cookies and goes back to the client's page with its state",
  devServerOnly,
  async () => {
    const browser = new Browser(target.url);
    const back = await logInThroughHostedBackend(
      browser,
      `/app/login/?${new URLSearchParams({ client_id: applicationId, redirect_uri: CLIENT_PAGE, state: 'client-state' }).toString()}`,
    );
    assert.equal(back.status, 302);
    assert.equal(back.headers.get('location'), `${CLIENT_PAGE}?state=client-state`);
    for (const [name, httpOnly] of [
      ['app.at', true],
      ['app.rt', true],
      ['app.idt', false],
      ['app.at_exp', false],
    ] as const) {
      const line = setCookie(back, name) ?? '';
      assert.ok(line, `${name} is set`);
      assert.match(line, /;\s*Secure/i, `${name} is Secure`);
      assert.match(line, /;\s*SameSite=Lax/i, `${name} is SameSite=Lax`);
      assert.equal(/;\s*HttpOnly/i.test(line), httpOnly, `${name} HttpOnly is ${httpOnly}`);
    }
    const accessToken = browser.cookies.get('app.at') ?? '';
    assert.equal(decodeJwt(accessToken).sub, user.id);
    assert.equal(
      Number(browser.cookies.get('app.at_exp')),
      decodeJwt(accessToken).exp,
      'app.at_exp is the expiry in seconds',
    );
    assert.equal(decodeJwt(browser.cookies.get('app.idt') ?? '').aud, applicationId);

    const me = await browser.get('/app/me/');
    assert.equal(me.status, 200);
    const info = JSON.parse(me.body) as { sub: string; email: string };
    assert.deepEqual([info.sub, info.email], [user.id, user.email]);
  },
);

test(
  '/app/refresh renews app.at from app.rt; without app.rt it is 400, and /app/me without app.at is 401',
  devServerOnly,
  async () => {
    const browser = new Browser(target.url);
    await logInThroughHostedBackend(browser, `/app/login/${applicationId}`);
    const before = browser.cookies.get('app.at');
    const refreshed = await browser.request('POST', `/app/refresh/${applicationId}`, '', {
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(refreshed.status, 200, refreshed.body);
    const after = browser.cookies.get('app.at') ?? '';
    assert.notEqual(after, before);
    assert.deepEqual(decodeProtectedHeader(after).gty, ['authorization_code', 'refresh_token']);

    const stranger = new Browser(target.url);
    const refused = await stranger.request('POST', `/app/refresh/?client_id=${applicationId}`, '', {
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(refused.status, 400);
    assert.equal((await stranger.get('/app/me')).status, 401);
  },
);

test('/app/logout clears the cookies and ends the SSO session through /oauth2/logout', devServerOnly, async () => {
  const browser = new Browser(target.url);
  await logInThroughHostedBackend(browser, `/app/login/${applicationId}`);
  const query = new URLSearchParams({
    client_id: applicationId,
    post_logout_redirect_uri: 'https://client.test/other',
  });
  const out = await browser.get(`/app/logout/?${query.toString()}`, { follow: false });
  assert.equal(out.status, 302);
  const logout = new URL(out.headers.get('location') ?? '', target.url);
  assert.equal(logout.pathname, '/oauth2/logout');
  assert.equal(logout.searchParams.get('post_logout_redirect_uri'), 'https://client.test/other');
  for (const name of ['app.at', 'app.rt', 'app.idt', 'app.at_exp'])
    assert.equal(browser.cookies.get(name), undefined, name);
  const done = await browser.get(logout.href, { follow: false });
  assert.equal(done.headers.get('location'), 'https://client.test/other');
  const again = await browser.get(`/app/login/${applicationId}`);
  assert.ok(isHostedLoginPage(again), 'the SSO session is over: the login page shows again');
});

test(
  "the login page lets its form's redirect chain reach the client's page (form-action), as a browser checks it",
  devServerOnly,
  async () => {
    // Chromium applies form-action to every redirect after the POST: /app/callback, then the client's page.
    const browser = new Browser(target.url);
    const start = await browser.get(`/app/login/${applicationId}`, { follow: false });
    const login = await browser.get(start.headers.get('location') ?? '');
    const formAction = /form-action ([^;]+)/.exec(login.headers.get('content-security-policy') ?? '')?.[1] ?? '';
    assert.ok(formAction.split(' ').includes(new URL(CLIENT_PAGE).origin), formAction);
  },
);

test(
  'a callback in a browser that did not start the login sets no cookies and goes nowhere',
  devServerOnly,
  async () => {
    const victim = new Browser(target.url);
    const start = await victim.get(`/app/login/${applicationId}`, { follow: false });
    const login = await victim.get(start.headers.get('location') ?? '');
    const toCallback = await submitHostedForm(
      victim,
      login,
      { loginId: user.email, password: user.password },
      { follow: false },
    );
    const other = new Browser(target.url);
    const answer = await other.get(toCallback.headers.get('location') ?? '', { follow: false });
    assert.equal(answer.status, 400);
    assert.equal(answer.headers.get('location'), null);
    assert.equal(setCookie(answer, 'app.at'), undefined);
  },
);

test(
  'the forgot-password page of a hosted-backend login keeps the login: "Return to login" goes back to it',
  devServerOnly,
  async () => {
    const browser = new Browser(target.url);
    const start = await browser.get(`/app/login/${applicationId}`, { follow: false });
    const authorize = new URL(start.headers.get('location') ?? '', target.url);
    const forgot = await browser.get(`/password/forgot${authorize.search}`);
    assert.equal(forgot.status, 200);
    assert.match(forgot.body, /Return to login/);
    assert.ok(forgot.body.includes(`value="${target.url}/app/callback"`), 'the callback travels in the hidden fields');
  },
);

test('/app/login refuses an unknown client or an unauthorized redirect_uri with a page, never a redirect', async () => {
  const browser = new Browser(target.url);
  for (const path of [
    `/app/login/${randomUUID()}`,
    `/app/login/${applicationId}?redirect_uri=${encodeURIComponent('https://evil.test/')}`,
  ]) {
    const answer = await browser.get(path, { follow: false });
    assert.equal(answer.status, 400, path);
    assert.equal(answer.headers.get('location'), null, path);
  }
});

test('/app/register goes to the hosted registration page when self-service registration is on', async () => {
  const answer = await new Browser(target.url).get(`/app/register/${applicationId}`, { follow: false });
  assert.equal(answer.status, 302);
  assert.equal(new URL(answer.headers.get('location') ?? '', target.url).pathname, '/oauth2/register');
});

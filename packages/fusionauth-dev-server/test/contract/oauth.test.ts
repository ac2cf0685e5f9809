import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { GrantType, type FusionAuthClient } from '@fusionauth/typescript-client';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { Secret, TOTP } from 'otpauth';
import { Browser, isHostedLoginPage, type Page, submitHostedForm } from 'fusionauth-dev-server/testing';
import { isRealFusionAuth, startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { apiClient, registerUser, uniqueEmail, UUID_PATTERN, type TestUser } from './contract.ts';

const REDIRECT_URI = 'https://client.test/callback';
const LOGOUT_URL = 'https://client.test/';
const SECRET = 'contract-client-secret';
const SCOPE = 'openid offline_access profile email';
const AUTH_CODE_NOT_FOUND = { error: 'invalid_request', error_reason: 'auth_code_not_found' };
// The hosted pages are the dev server's; a real FusionAuth's themed pages look different.
const devServerOnly = { skip: isRealFusionAuth() && "the hosted pages are the dev server's own" };

let target: FusionAuthTarget;
let api: FusionAuthClient;
let applicationId: string;
let oidc: client.Configuration;
let user: TestUser;

before(async () => {
  target = await startFusionAuthTarget();
  api = apiClient(target);
  applicationId = randomUUID();
  await api.createApplication(applicationId, {
    application: {
      name: `oauth contract ${applicationId}`,
      roles: [{ name: 'user', isDefault: true }],
      oauthConfiguration: {
        authorizedRedirectURLs: [REDIRECT_URI],
        logoutURL: LOGOUT_URL,
        clientSecret: SECRET,
        enabledGrants: [GrantType.authorization_code, GrantType.refresh_token],
        generateRefreshTokens: true,
        requireRegistration: false,
      },
      registrationConfiguration: { enabled: true },
    },
  });
  oidc = await discover(client.ClientSecretBasic(SECRET));
  user = await registerUser(target, applicationId);
});
after(() => target?.close());

function discover(auth: client.ClientAuth): Promise<client.Configuration> {
  const insecure = new URL(target.url).protocol === 'http:';
  return client.discovery(
    new URL(target.url),
    applicationId,
    undefined,
    auth,
    insecure ? { execute: [client.allowInsecureRequests] } : {},
  );
}

interface Transaction {
  url: URL;
  state: string;
  nonce: string;
  verifier: string;
}

async function newTransaction(extra: Record<string, string> = {}): Promise<Transaction> {
  const state = client.randomState();
  const nonce = client.randomNonce();
  const verifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(oidc, {
    redirect_uri: REDIRECT_URI,
    scope: SCOPE,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...extra,
  });
  return { url, state, nonce, verifier };
}

/** Logs in on the hosted page; returns the redirect back to the client. */
async function logIn(
  browser: Browser,
  transaction: Transaction,
  who: { email: string; password: string } = user,
): Promise<URL> {
  const page = await browser.get(transaction.url.href);
  assert.ok(isHostedLoginPage(page), 'the hosted login page');
  const answer = await submitHostedForm(
    browser,
    page,
    { loginId: who.email, password: who.password },
    { follow: false },
  );
  assert.equal(answer.status, 302, answer.body);
  return new URL(answer.headers.get('location') ?? '');
}

async function postToken(
  form: Record<string, string>,
  basic = true,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basic) headers.authorization = `Basic ${Buffer.from(`${applicationId}:${SECRET}`).toString('base64')}`;
  const response = await fetch(`${target.url}/oauth2/token`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function codeExchange(callback: URL, verifier: string): Record<string, string> {
  return {
    grant_type: 'authorization_code',
    code: callback.searchParams.get('code') ?? '',
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  };
}

function noRedirect(page: Page): void {
  assert.equal(page.headers.get('location'), null, 'never a redirect');
}

test('openid-client discovers the server with nothing but allowInsecureRequests (for http)', () => {
  const metadata = oidc.serverMetadata();
  assert.equal(metadata.issuer, target.url, 'the issuer is the base URL');
  for (const [field, path] of [
    ['authorization_endpoint', '/oauth2/authorize'],
    ['token_endpoint', '/oauth2/token'],
    ['userinfo_endpoint', '/oauth2/userinfo'],
    ['end_session_endpoint', '/oauth2/logout'],
    ['jwks_uri', '/.well-known/jwks.json'],
  ] as const)
    assert.equal(metadata[field], `${target.url}${path}`);
  assert.ok(metadata.token_endpoint_auth_methods_supported?.includes('client_secret_basic'));
  assert.ok(metadata.token_endpoint_auth_methods_supported?.includes('client_secret_post'));
});

test('openid-client sees PKCE support: discovery lists code_challenge_methods_supported [S256]', () => {
  assert.deepEqual(oidc.serverMetadata().code_challenge_methods_supported, ['S256']);
  assert.equal(oidc.serverMetadata().supportsPKCE(), true);
});

describe('authorization code + PKCE', devServerOnly, () => {
  test("openid-client completes the flow; the token response has FusionAuth's fields", async () => {
    const transaction = await newTransaction();
    const callback = await logIn(new Browser(target.url), transaction);
    assert.equal(callback.origin + callback.pathname, REDIRECT_URI);
    assert.equal(callback.searchParams.get('state'), transaction.state);
    assert.equal(callback.searchParams.get('userState'), 'Authenticated');
    assert.equal(callback.searchParams.get('iss'), target.url, 'RFC 9207 iss');

    const tokens = await client.authorizationCodeGrant(oidc, callback, {
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      pkceCodeVerifier: transaction.verifier,
    });
    assert.equal(tokens.token_type, 'bearer');
    assert.equal(typeof tokens.expires_in, 'number');
    assert.ok(tokens.refresh_token);
    assert.match(tokens.refresh_token_id as string, UUID_PATTERN);
    assert.equal(tokens.userId, user.id);
    assert.equal(tokens.scope, SCOPE);
    assert.equal(tokens.claims()?.sub, user.id);
  });

  test('the id_token verifies against the JWKS and carries nonce, at_hash, sid and auth_time', async () => {
    const transaction = await newTransaction();
    const startedAt = Math.floor(Date.now() / 1000);
    const callback = await logIn(new Browser(target.url), transaction);
    const { status, body } = await postToken(codeExchange(callback, transaction.verifier));
    assert.equal(status, 200);
    const jwks = createRemoteJWKSet(new URL(`${target.url}/.well-known/jwks.json`));
    const { payload: id } = await jwtVerify(String(body.id_token), jwks, {
      issuer: target.url,
      audience: applicationId,
    });
    assert.equal(id.sub, user.id);
    assert.equal(id.nonce, transaction.nonce);
    const digest = createHash('sha256').update(String(body.access_token)).digest();
    assert.equal(id.at_hash, digest.subarray(0, 16).toString('base64url'));
    assert.match(String(id.sid), UUID_PATTERN, 'the SSO session id');
    assert.equal(typeof id.auth_time, 'number');
    assert.ok(Math.abs(Number(id.auth_time) - startedAt) < 60);
    assert.equal(id.email, user.email);

    const { payload: access } = await jwtVerify(String(body.access_token), jwks, {
      issuer: target.url,
      audience: applicationId,
    });
    assert.equal(access.sid, body.refresh_token_id, 'the access token names its refresh token');
    assert.equal(access.scope, SCOPE);
    assert.deepEqual(access.roles, ['user']);
  });

  test('client_secret_post works too; a wrong secret is 401 invalid_client', async () => {
    const postConfig = await discover(client.ClientSecretPost(SECRET));
    const transaction = await newTransaction();
    const callback = await logIn(new Browser(target.url), transaction);
    const tokens = await client.authorizationCodeGrant(postConfig, callback, {
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      pkceCodeVerifier: transaction.verifier,
    });
    assert.ok(tokens.access_token);

    const wrong = await postToken(
      {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token ?? '',
        client_id: applicationId,
        client_secret: 'nope',
      },
      false,
    );
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error, 'invalid_client');
  });

  test('a wrong code_verifier is 400 auth_code_not_found, and the code is dead afterwards', async () => {
    const transaction = await newTransaction();
    const callback = await logIn(new Browser(target.url), transaction);
    const wrong = await postToken(codeExchange(callback, client.randomPKCECodeVerifier()));
    assert.equal(wrong.status, 400);
    assert.deepEqual({ error: wrong.body.error, error_reason: wrong.body.error_reason }, AUTH_CODE_NOT_FOUND);
    const right = await postToken(codeExchange(callback, transaction.verifier));
    assert.equal(right.status, 400, 'even the right verifier cannot revive it');
    assert.deepEqual({ error: right.body.error, error_reason: right.body.error_reason }, AUTH_CODE_NOT_FOUND);
  });

  test('a code is single-use, and bound to its redirect_uri and client', async () => {
    const transaction = await newTransaction();
    const callback = await logIn(new Browser(target.url), transaction);
    assert.equal((await postToken(codeExchange(callback, transaction.verifier))).status, 200);
    const replay = await postToken(codeExchange(callback, transaction.verifier));
    assert.deepEqual(
      { status: replay.status, error_reason: replay.body.error_reason },
      { status: 400, error_reason: 'auth_code_not_found' },
    );

    const other = await newTransaction();
    const otherCallback = await logIn(new Browser(target.url), other);
    const moved = await postToken({
      ...codeExchange(otherCallback, other.verifier),
      redirect_uri: 'https://client.test/elsewhere',
    });
    assert.deepEqual(
      { status: moved.status, error_reason: moved.body.error_reason },
      { status: 400, error_reason: 'auth_code_not_found' },
    );
  });

  test('an unregistered redirect_uri or an unknown client gets an error page, never a redirect', async () => {
    const transaction = await newTransaction({ redirect_uri: 'https://evil.test/callback' });
    const page = await new Browser(target.url).get(transaction.url.href, { follow: false });
    assert.equal(page.status, 400);
    noRedirect(page);
    assert.match(
      page.body,
      /<div class="alert error" role="alert"><i class="fa fa-exclamation-circle"><\/i><p>The redirect_uri is missing or is not an authorized redirect URL/,
    );
    assert.doesNotMatch(page.body, /evil\.test/);

    const unknownClient = new URL(transaction.url);
    unknownClient.searchParams.set('client_id', randomUUID());
    unknownClient.searchParams.set('redirect_uri', REDIRECT_URI);
    const second = await new Browser(target.url).get(unknownClient.href, { follow: false });
    assert.equal(second.status, 400);
    noRedirect(second);
  });

  test('other invalid requests go back to the client with error, error_reason and state', async () => {
    for (const [extra, error] of [
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ scope: 'openid admin' }, 'invalid_scope'],
    ] as const) {
      const transaction = await newTransaction(extra);
      const page = await new Browser(target.url).get(transaction.url.href, { follow: false });
      assert.equal(page.status, 302);
      const location = new URL(page.headers.get('location') ?? '');
      assert.equal(location.origin + location.pathname, REDIRECT_URI);
      assert.equal(location.searchParams.get('error'), error);
      assert.ok(location.searchParams.get('error_reason'));
      assert.equal(location.searchParams.get('state'), transaction.state);
    }
  });

  test('the refresh_token grant gives a new access token and id_token; a bad one is 400 invalid_grant', async () => {
    const transaction = await newTransaction();
    const callback = await logIn(new Browser(target.url), transaction);
    const first = await postToken(codeExchange(callback, transaction.verifier));
    assert.deepEqual(decodeProtectedHeader(String(first.body.access_token)).gty, ['authorization_code']);
    const refreshed = await client.refreshTokenGrant(oidc, String(first.body.refresh_token));
    assert.deepEqual(
      decodeProtectedHeader(refreshed.access_token).gty,
      ['authorization_code', 'refresh_token'],
      'the gty header lists the grants in the order they occurred',
    );
    assert.equal(refreshed.claims()?.sub, user.id);
    assert.equal(refreshed.refresh_token_id, first.body.refresh_token_id);
    const bad = await postToken({ grant_type: 'refresh_token', refresh_token: 'not-a-token' });
    assert.deepEqual(
      { status: bad.status, error: bad.body.error, reason: bad.body.error_reason },
      { status: 400, error: 'invalid_grant', reason: 'refresh_token_not_found' },
    );
  });
});

describe('hosted pages and the SSO session', devServerOnly, () => {
  test('a wrong password is shown on the page, next to nothing but an alert; no SSO session starts', async () => {
    const browser = new Browser(target.url);
    const transaction = await newTransaction();
    const page = await submitHostedForm(
      browser,
      await browser.get(transaction.url.href),
      { loginId: user.email, password: 'wrong password' },
      { follow: false },
    );
    assert.equal(page.status, 200);
    noRedirect(page);
    assert.match(
      page.body,
      /<div class="alert error" role="alert"><i class="fa fa-exclamation-circle"><\/i><p>Invalid login credentials.<\/p><\/div>/,
    );
    assert.equal(browser.cookies.get('fusionauth.sso'), undefined);
    const empty = await submitHostedForm(browser, page, { loginId: '', password: '' }, { follow: false });
    assert.match(empty.body, /<input id="loginId" type="text" name="loginId"[^>]*aria-describedby="loginId-error">/);
    assert.match(empty.body, /<span class="error" id="loginId-error" role="alert">Required<\/span>/);
    assert.match(empty.body, /<span class="error" id="password-error" role="alert">Required<\/span>/);
  });

  test("the login page has FusionAuth's landmarks: its title, #loginId, #password, the blue Submit button and the forgot-password link; no script", async () => {
    const page = await new Browser(target.url).get((await newTransaction()).url.href);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.doesNotMatch(page.body, /<script|style=/);
    assert.match(page.body, /<title>Login \| FusionAuth<\/title>/);
    assert.match(page.body, /<h2>Login<\/h2>/);
    assert.match(
      page.body,
      /<input id="loginId" type="text" name="loginId" value="" placeholder="Login" aria-label="Login"/,
    );
    assert.match(
      page.body,
      /<input id="password" type="password" name="password" value="" placeholder="Password" aria-label="Password"/,
    );
    assert.match(page.body, /<button type="submit" class="blue button"><i class="fa fa-key"><\/i> Submit<\/button>/);
    assert.match(page.body, /<a href="\/password\/forgot\?client_id=[^"]+">Forgot your password\?<\/a>/);
    assert.match(
      page.body,
      /Don(?:'|&#39;)t have an account\?\s*<a href="\/oauth2\/register\?client_id=[^"]+">Create an account<\/a>/,
    );
    const css = await fetch(`${target.url}/oauth2/style.css`);
    assert.equal(css.status, 200);
    assert.match(await css.text(), /\.blue\.button/);
  });

  test('a two-factor user gets the code page after the password; a wrong code stays there, the right one goes back with a code', async () => {
    const person = await registerUser(target, applicationId);
    const { response: secret } = await api.generateTwoFactorSecret();
    const totp = () =>
      new TOTP({
        secret: Secret.fromBase32(secret.secretBase32Encoded ?? ''),
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      }).generate();
    await api.enableTwoFactor(person.id, { method: 'authenticator', code: totp(), secret: secret.secret });
    const browser = new Browser(target.url);
    const transaction = await newTransaction();
    const ask = await submitHostedForm(
      browser,
      await browser.get(transaction.url.href),
      { loginId: person.email, password: person.password },
      { follow: false },
    );
    assert.equal(ask.status, 200);
    noRedirect(ask);
    assert.match(ask.body, /<h2>Authentication challenge<\/h2>/);
    assert.match(ask.body, /<form id="2fa-form" action="\/oauth2\/two-factor"/);
    assert.match(ask.body, /<input id="code" type="text" name="code"/);
    assert.equal(browser.cookies.get('fusionauth.sso'), undefined, 'no SSO session before the code');

    const wrong = await submitHostedForm(
      browser,
      ask,
      { code: totp() === '123456' ? '654321' : '123456' },
      { follow: false },
    );
    assert.equal(wrong.status, 200);
    assert.match(wrong.body, /<span class="error" id="code-error" role="alert">Invalid code<\/span>/);
    const done = await submitHostedForm(browser, wrong, { code: totp() }, { follow: false });
    assert.equal(done.status, 302, done.body);
    const callback = new URL(done.headers.get('location') ?? '');
    assert.equal(callback.searchParams.get('state'), transaction.state);
    const tokens = await postToken(codeExchange(callback, transaction.verifier));
    assert.equal(tokens.status, 200);
    const again = await submitHostedForm(browser, ask, { code: totp() }, { follow: false });
    assert.match(again.body, /You did not complete the two-factor challenge in time/, 'the twoFactorId is used up');
  });

  test('a user who must change the password gets the hosted change page; the tenant rules apply; then back with a code', async () => {
    const person = await registerUser(target, applicationId);
    await api.patchUser(person.id, { user: { passwordChangeRequired: true } });
    const browser = new Browser(target.url);
    const transaction = await newTransaction();
    const ask = await submitHostedForm(
      browser,
      await browser.get(transaction.url.href),
      { loginId: person.email, password: person.password },
      { follow: false },
    );
    assert.equal(ask.status, 200);
    noRedirect(ask);
    assert.match(ask.body, /<h2>Update your password<\/h2>/);
    assert.match(ask.body, /<form action="\/password\/change" method="POST"/);
    assert.match(ask.body, /You must change your password in order to continue./);
    const short = await submitHostedForm(
      browser,
      ask,
      { password: 'short', passwordConfirm: 'short' },
      { follow: false },
    );
    assert.equal(short.status, 200);
    assert.match(
      short.body,
      /<span class="error" id="password-error" role="alert">Password does not meet the minimum length requirement<\/span>/,
    );
    assert.match(short.body, /Must be between 8 and 256 characters in length/);
    const mismatch = await submitHostedForm(
      browser,
      short,
      { password: 'a brand new password', passwordConfirm: 'another one' },
      { follow: false },
    );
    assert.match(
      mismatch.body,
      /<span class="error" id="password-error" role="alert">Passwords don&#39;t match<\/span>/,
    );
    const done = await submitHostedForm(
      browser,
      short,
      { password: 'a brand new password', passwordConfirm: 'a brand new password' },
      { follow: false },
    );
    assert.equal(done.status, 302, done.body);
    const callback = new URL(done.headers.get('location') ?? '');
    assert.equal((await postToken(codeExchange(callback, transaction.verifier))).status, 200);
    assert.equal(
      (await api.login({ loginId: person.email, password: 'a brand new password', applicationId })).statusCode,
      200,
      'no change asked again',
    );
  });

  test('a live SSO session skips the form, prompt=login shows it, and /oauth2/logout ends it', async () => {
    const browser = new Browser(target.url);
    await logIn(browser, await newTransaction());
    assert.ok(browser.cookies.get('fusionauth.sso'));

    const silent = await browser.get((await newTransaction()).url.href, { follow: false });
    assert.equal(silent.status, 302, 'straight back with a code');
    assert.ok(new URL(silent.headers.get('location') ?? '').searchParams.get('code'));
    assert.ok(isHostedLoginPage(await browser.get((await newTransaction({ prompt: 'login' })).url.href)));

    const logout = await browser.get(
      `/oauth2/logout?client_id=${applicationId}&post_logout_redirect_uri=${encodeURIComponent(REDIRECT_URI)}`,
      { follow: false },
    );
    assert.equal(logout.status, 302);
    assert.equal(logout.headers.get('location'), REDIRECT_URI);
    assert.equal(logout.body, '', 'an empty body');
    assert.equal(browser.cookies.get('fusionauth.sso'), undefined);
    assert.ok(isHostedLoginPage(await browser.get((await newTransaction()).url.href)), 'the form again');
  });

  test("the SSO session is a refresh token of the user without an application, listed beside the application's", async () => {
    const person = await registerUser(target, applicationId);
    const transaction = await newTransaction();
    const { body } = await postToken(
      codeExchange(await logIn(new Browser(target.url), transaction, person), transaction.verifier),
    );
    const { response } = await api.retrieveRefreshTokens(person.id);
    const tokens = response.refreshTokens ?? [];
    assert.equal(tokens.length, 2, JSON.stringify(tokens));
    const sso = tokens.find((token) => token.applicationId === undefined);
    assert.ok(sso, 'one token has no application: the SSO session');
    assert.equal(sso.userId, person.id);
    assert.equal(sso.id, decodeJwt(String(body.id_token)).sid, "the id_token's sid names it");
    assert.ok(tokens.some((token) => token.applicationId === applicationId && token.id === body.refresh_token_id));
    assert.equal(
      (
        await api
          .exchangeRefreshTokenForJWT({ refreshToken: sso.token ?? '' })
          .catch((error: { statusCode: number }) => error)
      ).statusCode,
      400,
      'it mints no access token',
    );
  });

  for (const [how, revoke] of [
    ['by user', (person: TestUser) => api.revokeRefreshTokensByUserId(person.id)],
    [
      'by its token id',
      async (person: TestUser) => {
        const sso = (await api.retrieveRefreshTokens(person.id)).response.refreshTokens?.find(
          (token) => token.applicationId === undefined,
        );
        return api.revokeRefreshTokenById(sso?.id ?? '');
      },
    ],
  ] as const) {
    test(`revoking the SSO session's refresh token ${how} ends it: the next authorize shows the login form`, async () => {
      const person = await registerUser(target, applicationId);
      const browser = new Browser(target.url);
      await logIn(browser, await newTransaction(), person);
      assert.equal(
        (await browser.get((await newTransaction()).url.href, { follow: false })).status,
        302,
        'signed in by the SSO session',
      );

      assert.equal((await revoke(person)).statusCode, 200);
      assert.equal(
        (await api.retrieveRefreshTokens(person.id)).response.refreshTokens?.some(
          (token) => token.applicationId === undefined,
        ),
        false,
      );
      assert.ok(isHostedLoginPage(await browser.get((await newTransaction()).url.href)), 'the login form, not a code');
    });
  }

  test("revoking one application's tokens of a user leaves the SSO session alone", async () => {
    const person = await registerUser(target, applicationId);
    const browser = new Browser(target.url);
    await logIn(browser, await newTransaction(), person);
    assert.equal((await api.revokeRefreshTokensByUserIdForApplication(person.id, applicationId)).statusCode, 200);
    assert.equal(
      (await browser.get((await newTransaction()).url.href, { follow: false })).status,
      302,
      'still signed in by the SSO session',
    );
  });

  test("logout to an unauthorized URI goes to the application's logout URL; an id_token_hint names the application", async () => {
    const transaction = await newTransaction();
    const browser = new Browser(target.url);
    const { body } = await postToken(codeExchange(await logIn(browser, transaction), transaction.verifier));
    const hinted = await browser.post(
      `${target.url}/oauth2/logout`,
      {
        id_token_hint: String(body.id_token),
        post_logout_redirect_uri: 'https://evil.test/',
      },
      { follow: false },
    );
    assert.equal(hinted.status, 302);
    assert.equal(hinted.headers.get('location'), LOGOUT_URL);
  });

  test('hosted registration creates the user and the registration, then continues with a code', async () => {
    const browser = new Browser(target.url);
    const transaction = await newTransaction();
    const page = await browser.get(transaction.url.href.replace('/oauth2/authorize', '/oauth2/register'));
    assert.match(page.body, /name="user.email"/);
    const email = uniqueEmail('hosted');
    const answer = await submitHostedForm(
      browser,
      page,
      {
        'user.email': email,
        'user.password': 'correct horse battery',
        'user.firstName': 'Grace',
        'user.lastName': 'Hopper',
      },
      { follow: false },
    );
    assert.equal(answer.status, 302);
    const tokens = await client.authorizationCodeGrant(oidc, new URL(answer.headers.get('location') ?? ''), {
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      pkceCodeVerifier: transaction.verifier,
    });
    const created = (await api.retrieveUserByEmail(email)).response.user;
    assert.equal(created?.firstName, 'Grace');
    assert.deepEqual(
      created?.registrations?.map((r) => [r.applicationId, r.roles]),
      [[applicationId, ['user']]],
    );
    assert.equal(tokens.claims()?.sub, created?.id);
    assert.equal(tokens.claims()?.name, 'Grace Hopper');

    const again = await submitHostedForm(
      new Browser(target.url),
      page,
      { 'user.email': email, 'user.password': 'short' },
      { follow: false },
    );
    assert.equal(again.status, 200);
    assert.match(again.body, /<title>Register<\/title>/);
    assert.match(
      again.body,
      /<span class="error" id="email-error" role="alert">An account already exists for that email<\/span>/,
    );
    assert.match(
      again.body,
      /<span class="error" id="password-error" role="alert">Password does not meet the minimum length requirement<\/span>/,
    );
  });

  test('with the tenant verifying email, hosted registration sends the link and says to check the email, with no code', async () => {
    const tenantId = target.tenantId ?? '';
    await api.patchTenant(tenantId, { tenant: { emailConfiguration: { verifyEmail: true } } });
    try {
      const browser = new Browser(target.url);
      const transaction = await newTransaction();
      const page = await browser.get(transaction.url.href.replace('/oauth2/authorize', '/oauth2/register'));
      const email = uniqueEmail('hosted-unverified');
      const answer = await submitHostedForm(
        browser,
        page,
        { 'user.email': email, 'user.password': 'correct horse battery' },
        { follow: false },
      );
      assert.equal(answer.status, 200);
      noRedirect(answer);
      assert.match(answer.body, /<h2>Verification required<\/h2>/);
      assert.equal((await api.retrieveUserByEmail(email)).response.user?.verified, false);
      const mailbox = await fetch(`${target.url}/dev/mailbox`, { headers: { accept: 'application/json' } });
      const { messages } = (await mailbox.json()) as { messages: { to: string }[] };
      assert.ok(
        messages.some((message) => message.to === email),
        'a verification email',
      );
    } finally {
      await api.patchTenant(tenantId, { tenant: { emailConfiguration: { verifyEmail: false } } });
    }
  });
});

describe('userinfo and introspection', devServerOnly, () => {
  test('userinfo answers for a valid access token and 401 without one; introspection says active or not', async () => {
    const transaction = await newTransaction();
    const { body } = await postToken(
      codeExchange(await logIn(new Browser(target.url), transaction), transaction.verifier),
    );
    const accessToken = String(body.access_token);
    const info = await client.fetchUserInfo(oidc, accessToken, user.id);
    assert.equal(info.email, user.email);
    assert.equal((await fetch(`${target.url}/oauth2/userinfo`)).status, 401);

    const introspect = (token: string) =>
      fetch(`${target.url}/oauth2/introspect`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: applicationId, token }),
      }).then((response) => response.json() as Promise<Record<string, unknown>>);
    const active = await introspect(accessToken);
    assert.equal(active.active, true);
    assert.equal(active.sub, user.id);
    assert.deepEqual(await introspect('garbage'), { active: false });
  });
});

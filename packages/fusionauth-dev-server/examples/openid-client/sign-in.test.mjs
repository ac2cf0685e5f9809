// openid-client against the dev server: discovery, then the authorization code flow with PKCE through the
// hosted login page (driven by the package's small HTTP browser), then the code exchanged for tokens.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as oidc from 'openid-client';
import { startDevServer } from 'fusionauth-dev-server';
import { Browser, HOSTED_LOGIN, submitHostedForm } from 'fusionauth-dev-server/testing';

const REDIRECT_URI = 'http://localhost:3000/callback'; // one of the kickstart's authorized redirect URLs
let server;
before(async () => {
  server = await startDevServer({
    port: 0,
    dataDir: 'memory',
    kickstartFile: fileURLToPath(new URL('../kickstart.json', import.meta.url)),
    passwordFactor: 1000,
  });
});
after(() => server.close());

test('a user signs in through the hosted login page and the app gets an ID token', async () => {
  const config = await oidc.discovery(
    new URL(server.url),
    server.applicationId, // the client id is the application id
    'example-client-secret-for-tests-only',
    undefined,
    { execute: [oidc.allowInsecureRequests] }, // the dev server speaks http
  );
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const authorizationUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid email',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });

  const browser = new Browser(server.url);
  const loginPage = await browser.get(authorizationUrl.href);
  const redirect = await submitHostedForm(
    browser,
    loginPage,
    { loginId: 'ada@example.com', password: 'correct horse battery' },
    { follow: false }, // the redirect goes to the app, which this test plays
  );
  assert.ok(loginPage.body.includes(HOSTED_LOGIN.title));

  const tokens = await oidc.authorizationCodeGrant(config, new URL(redirect.headers.get('location')), {
    pkceCodeVerifier: codeVerifier,
  });
  assert.equal(tokens.claims()?.email, 'ada@example.com');
});

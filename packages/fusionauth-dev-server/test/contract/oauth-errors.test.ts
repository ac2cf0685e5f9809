import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { GrantType } from '@fusionauth/typescript-client';
import { Browser, submitHostedForm } from 'fusionauth-dev-server/testing';
import { isRealFusionAuth, startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { apiClient, registerUser, type TestUser } from './contract.ts';

const REDIRECT_URI = 'https://client.test/callback';
const SECRET = 'oauth-errors-secret';
// These drive the dev server's hosted login page; the reasons themselves are FusionAuth's OAuthErrorReason values.
const devServerOnly = { skip: isRealFusionAuth() && "signs in through the dev server's hosted page" };

let target: FusionAuthTarget;
let applicationId: string;
let user: TestUser;

before(async () => {
  target = await startFusionAuthTarget();
  applicationId = randomUUID();
  await apiClient(target).createApplication(applicationId, {
    application: {
      name: `oauth errors ${applicationId}`,
      oauthConfiguration: {
        authorizedRedirectURLs: [REDIRECT_URI],
        clientSecret: SECRET,
        generateRefreshTokens: true,
        enabledGrants: [GrantType.authorization_code, GrantType.refresh_token],
      },
    },
  });
  user = await registerUser(target, applicationId);
});
after(() => target?.close());

function authorizeUrl(extra: Record<string, string>): string {
  const query = new URLSearchParams({
    client_id: applicationId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid',
    state: 'st',
    ...extra,
  });
  return `${target.url}/oauth2/authorize?${query.toString()}`;
}

async function errorRedirect(extra: Record<string, string>): Promise<Record<string, string>> {
  const answer = await new Browser(target.url).get(authorizeUrl(extra), { follow: false });
  assert.equal(answer.status, 302, answer.body);
  const location = new URL(answer.headers.get('location') ?? '');
  assert.equal(location.origin + location.pathname, REDIRECT_URI);
  return Object.fromEntries(
    ['error', 'error_reason', 'state'].map((name) => [name, location.searchParams.get(name) ?? '']),
  );
}

async function postToken(form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${target.url}/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${applicationId}:${SECRET}`).toString('base64')}`,
    },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test(
  'a code_challenge_method other than S256 comes back as error_reason invalid_pkce_code_challenge_method',
  devServerOnly,
  async () => {
    assert.deepEqual(await errorRedirect({ code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }), {
      error: 'invalid_request',
      error_reason: 'invalid_pkce_code_challenge_method',
      state: 'st',
    });
  },
);

test('a malformed code_challenge comes back as error_reason invalid_pkce_code_challenge', devServerOnly, async () => {
  assert.deepEqual(await errorRedirect({ code_challenge: 'too-short', code_challenge_method: 'S256' }), {
    error: 'invalid_request',
    error_reason: 'invalid_pkce_code_challenge',
    state: 'st',
  });
});

test(
  'prompt=none without a session comes back as login_required with error_reason authentication_required',
  devServerOnly,
  async () => {
    assert.deepEqual(await errorRedirect({ prompt: 'none' }), {
      error: 'login_required',
      error_reason: 'authentication_required',
      state: 'st',
    });
  },
);

test(
  'a refresh that asks for more scope than was granted is invalid_scope with error_reason unknown_scope',
  devServerOnly,
  async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const browser = new Browser(target.url);
    const login = await browser.get(
      authorizeUrl({ scope: 'openid offline_access', code_challenge: challenge, code_challenge_method: 'S256' }),
    );
    const answer = await submitHostedForm(
      browser,
      login,
      { loginId: user.email, password: user.password },
      { follow: false },
    );
    const code = new URL(answer.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const tokens = await postToken({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    assert.equal(tokens.status, 200);
    const broader = await postToken({
      grant_type: 'refresh_token',
      refresh_token: String(tokens.body.refresh_token),
      scope: 'openid offline_access profile',
    });
    assert.deepEqual(
      [broader.status, broader.body.error, broader.body.error_reason],
      [400, 'invalid_scope', 'unknown_scope'],
    );
  },
);

test("the discovery document has the keys of FusionAuth's documented example and code_challenge_methods_supported: no introspection_endpoint", async () => {
  const documented = JSON.parse(
    readFileSync(new URL('../fixtures/openid-configuration-keys.json', import.meta.url), 'utf8'),
  ) as string[];
  const response = await fetch(`${target.url}/.well-known/openid-configuration`);
  assert.equal(response.status, 200);
  const discovery = (await response.json()) as Record<string, unknown>;
  // FusionAuth's OpenAPI model has carried code_challenge_methods_supported since 1.64; its example predates it.
  assert.deepEqual(Object.keys(discovery).sort(), [...documented, 'code_challenge_methods_supported'].sort());
  assert.equal(discovery.introspection_endpoint, undefined);
});

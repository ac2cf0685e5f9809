/**
 * Contract: the Resource Owner Password Credentials grant of `POST /oauth2/token`, through the official
 * client's `exchangeUserCredentialsForAccessToken`: the tokens, the `gty` header, and the OAuth error for
 * each refused sign-in (wrong password, two-factor, password change, locked, unverified, unregistered).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { GrantType, type FusionAuthClient, type OAuthError } from '@fusionauth/typescript-client';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { Secret, TOTP } from 'otpauth';
import {
  isRealFusionAuth,
  KICKSTART,
  startFusionAuthTarget,
  type FusionAuthTarget,
} from '../support/fusionauth-target.ts';
import { apiClient, createUser, PASSWORD, registerUser, rejection, uniqueEmail, UUID_PATTERN } from './contract.ts';

const SECRET = 'password-grant-secret';
const devServerOnly = { skip: isRealFusionAuth() && 'FusionAuth has these grants and parameters' };

let target: FusionAuthTarget;
let api: FusionAuthClient;

before(async () => {
  target = await startFusionAuthTarget();
  api = apiClient(target);
});
after(() => target?.close());

async function createPasswordApplication(
  oauth: { enabledGrants?: GrantType[]; requireRegistration?: boolean } = {},
): Promise<string> {
  const id = randomUUID();
  await api.createApplication(id, {
    application: {
      name: `password grant ${id}`,
      roles: [{ name: 'user', isDefault: true }],
      oauthConfiguration: {
        clientSecret: SECRET,
        enabledGrants: [GrantType.password, GrantType.refresh_token],
        generateRefreshTokens: true,
        authorizedRedirectURLs: ['https://client.test/callback'],
        ...oauth,
      },
    },
  });
  return id;
}

function exchange(applicationId: string, loginId: string, password = PASSWORD, scope = 'openid offline_access') {
  return api.exchangeUserCredentialsForAccessToken(
    loginId,
    password,
    applicationId,
    SECRET,
    scope,
    null as unknown as string,
  );
}

/** The OAuth error of a refused exchange: status 400 and the body. */
async function refusal(call: Promise<{ statusCode: number }>): Promise<OAuthError & Record<string, unknown>> {
  const { statusCode, errors } = await rejection(call);
  assert.equal(statusCode, 400);
  return errors as unknown as OAuthError & Record<string, unknown>;
}

function reasonOf(error: OAuthError): [string | undefined, string | undefined] {
  return [error.error, error.error_reason];
}

test("a registered user gets FusionAuth's token response; gty is [password], then [password, refresh_token]", async () => {
  const applicationId = await createPasswordApplication();
  const person = await registerUser(target, applicationId);
  const { response: tokens } = await exchange(applicationId, person.email);
  assert.equal(tokens.token_type, 'Bearer');
  assert.equal(tokens.userId, person.id);
  assert.equal(tokens.scope, 'openid offline_access');
  assert.ok(tokens.id_token, 'openid gives an id_token');
  assert.ok(tokens.refresh_token, 'offline_access gives a refresh token');
  assert.match(tokens.refresh_token_id ?? '', UUID_PATTERN);
  const access = tokens.access_token ?? '';
  assert.deepEqual(decodeProtectedHeader(access).gty, ['password']);
  const claims = decodeJwt(access);
  assert.equal(claims.aud, applicationId);
  assert.equal(claims.applicationId, applicationId);
  assert.deepEqual(claims.roles, ['user']);
  assert.equal(claims.authenticationType, 'PASSWORD');
  assert.equal(claims.sid, tokens.refresh_token_id);

  const { response: refreshed } = await api.exchangeRefreshTokenForAccessToken(
    tokens.refresh_token ?? '',
    applicationId,
    SECRET,
    'openid offline_access',
    null as unknown as string,
  );
  assert.deepEqual(decodeProtectedHeader(refreshed.access_token ?? '').gty, ['password', 'refresh_token']);
  assert.equal(
    decodeJwt(refreshed.access_token ?? '').scope,
    'openid offline_access',
    'a refreshed token keeps its scope',
  );
});

test('a user not registered for the application gets a token without applicationId or roles, unless registration is required', async () => {
  const open = await createPasswordApplication();
  const stranger = await createUser(target);
  const { response } = await exchange(open, stranger.email, PASSWORD, 'openid');
  const claims = decodeJwt(response.access_token ?? '');
  assert.equal(claims.sub, stranger.id);
  assert.equal(claims.applicationId, undefined);
  assert.equal(claims.roles, undefined);
  assert.equal(response.refresh_token, undefined, 'no offline_access, no refresh token');

  const strict = await createPasswordApplication({ requireRegistration: true });
  assert.deepEqual(reasonOf(await refusal(exchange(strict, stranger.email))), [
    'invalid_grant',
    'registration_required',
  ]);
});

test('a wrong password and an unknown login id are the same 400 invalid_grant invalid_user_credentials', async () => {
  const applicationId = await createPasswordApplication();
  const person = await registerUser(target, applicationId);
  const wrong = await refusal(exchange(applicationId, person.email, 'not-the-password'));
  const unknown = await refusal(exchange(applicationId, uniqueEmail('nobody')));
  assert.deepEqual(reasonOf(wrong), ['invalid_grant', 'invalid_user_credentials']);
  assert.deepEqual(unknown, wrong);
});

test('the application must enable the grant: 400 unauthorized_client grant_type_disabled', async () => {
  const applicationId = await createPasswordApplication({ enabledGrants: [GrantType.authorization_code] });
  const person = await registerUser(target, applicationId);
  assert.deepEqual(reasonOf(await refusal(exchange(applicationId, person.email))), [
    'unauthorized_client',
    'grant_type_disabled',
  ]);
});

test('a two-factor user gets two_factor_required with two_factor_id and methods; the Two-Factor Login API finishes', async () => {
  const applicationId = await createPasswordApplication();
  const person = await registerUser(target, applicationId);
  const { response: secret } = await api.generateTwoFactorSecret();
  const totp = () =>
    new TOTP({ secret: Secret.fromBase32(secret.secretBase32Encoded ?? ''), digits: 6, period: 30 }).generate();
  await api.enableTwoFactor(person.id, { method: 'authenticator', code: totp(), secret: secret.secret });

  const error = await refusal(exchange(applicationId, person.email));
  assert.equal(error.error, 'two_factor_required');
  assert.equal(typeof error.two_factor_id, 'string');
  assert.equal(error.two_factor_methods?.[0]?.method, 'authenticator');
  const done = await api.twoFactorLogin({ twoFactorId: error.two_factor_id, code: totp(), applicationId });
  assert.equal(done.statusCode, 200);
  assert.equal(done.response.user?.id, person.id);
});

test('a user who must change the password gets change_password_required with a change_password_id', async () => {
  const applicationId = await createPasswordApplication();
  const person = await registerUser(target, applicationId);
  await api.patchUser(person.id, { user: { passwordChangeRequired: true } });
  const error = await refusal(exchange(applicationId, person.email));
  assert.equal(error.error, 'change_password_required');
  assert.equal(typeof error.change_password_id, 'string');
});

test('a deactivated user is 400 invalid_grant user_locked', async () => {
  const applicationId = await createPasswordApplication();
  const person = await registerUser(target, applicationId);
  await api.deactivateUser(person.id);
  assert.deepEqual(reasonOf(await refusal(exchange(applicationId, person.email))), ['invalid_grant', 'user_locked']);
});

describe('with the tenant verifying email', () => {
  before(() => api.patchTenant(KICKSTART.tenantId, { tenant: { emailConfiguration: { verifyEmail: true } } }));
  after(() => api.patchTenant(KICKSTART.tenantId, { tenant: { emailConfiguration: { verifyEmail: false } } }));

  test('an unverified user is 400 email_verification_required', async () => {
    const applicationId = await createPasswordApplication();
    const person = await registerUser(target, applicationId);
    assert.equal(person.user.verified, false);
    assert.equal((await refusal(exchange(applicationId, person.email))).error_reason, 'email_verification_required');
  });
});

describe('what the dev server lacks', devServerOnly, () => {
  async function postToken(form: Record<string, string>): Promise<{ status: number; body: OAuthError }> {
    const response = await fetch(`${target.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    return { status: response.status, body: (await response.json()) as OAuthError };
  }

  test('a FusionAuth grant it lacks (device_code) says the dev server does not support it; an unknown grant does not', async () => {
    const { status, body } = await postToken({
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: randomUUID(),
    });
    assert.deepEqual([status, ...reasonOf(body)], [400, 'unsupported_grant_type', 'invalid_grant_type']);
    assert.match(body.error_description ?? '', /dev server does not support/);
    const unknown = await postToken({ grant_type: 'made_up', client_id: randomUUID() });
    assert.equal(unknown.body.error, 'unsupported_grant_type');
    assert.doesNotMatch(unknown.body.error_description ?? '', /dev server/);
    const discovery = (await (await fetch(`${target.url}/.well-known/openid-configuration`)).json()) as {
      grant_types_supported: string[];
    };
    assert.deepEqual(discovery.grant_types_supported, [
      'authorization_code',
      'client_credentials',
      'password',
      'refresh_token',
    ]);
  });

  test("a parameter it lacks (user_code, expires_in) is refused saying so; the TS client's literal null user_code is no user_code", async () => {
    const applicationId = await createPasswordApplication();
    const person = await registerUser(target, applicationId);
    const form = {
      grant_type: 'password',
      client_id: applicationId,
      client_secret: SECRET,
      username: person.email,
      password: PASSWORD,
    };
    for (const [name, value] of [
      ['user_code', 'ABCD-EFGH'],
      ['expires_in', '60'],
    ] as const) {
      const { status, body } = await postToken({ ...form, [name]: value });
      assert.equal(status, 400);
      assert.equal(body.error, 'invalid_request');
      assert.match(body.error_description ?? '', new RegExp(`${name}.*dev server does not support`));
    }
    assert.equal((await postToken({ ...form, user_code: 'null' })).status, 200);
  });
});

/**
 * Contract: the account-state APIs behind the Login API's 203, 212 and 242 — change and
 * forgot password, email verification, two-factor with TOTP and recovery codes — through the official
 * client, on the fixture kickstart (its email templates link to APP_URL).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import type { FusionAuthClient } from '@fusionauth/typescript-client';
import {
  isRealFusionAuth,
  KICKSTART,
  startFusionAuthTarget,
  type FusionAuthTarget,
} from '../support/fusionauth-target.ts';
import { createTestClock, type TestClock } from 'fusionauth-dev-server/testing';
import { apiClient, assertFieldError, PASSWORD, registerUser, rejection, send, uniqueEmail } from './contract.ts';

const APP_URL = 'http://app.example.test';
const devServerOnly = { skip: isRealFusionAuth() && 'reads the dev server mailbox and moves its clock' };

interface MailboxMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  createInstant: number;
}

let target: FusionAuthTarget;
let client: FusionAuthClient;
let clock: TestClock;
const applicationId = KICKSTART.applicationId;

before(async () => {
  clock = createTestClock();
  target = await startFusionAuthTarget({ env: { APP_URL }, now: clock.now });
  client = apiClient(target);
});
after(() => target?.close());

async function mailTo(email: string): Promise<MailboxMessage[]> {
  const response = await send(target, 'GET', '/dev/mailbox', {
    authorization: null,
    headers: { accept: 'application/json' },
  });
  assert.equal(response.status, 200);
  return response.json<{ messages: MailboxMessage[] }>().messages.filter((message) => message.to === email);
}

function totpNow(secretBase32: string): string {
  return new TOTP({ secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: clock.now(),
  });
}

describe('forgot password and change password', devServerOnly, () => {
  test('forgot-password emails a reset link to the app and, with an API key, returns the changePasswordId', async () => {
    const user = await registerUser(target, applicationId);
    const { statusCode, response } = await client.forgotPassword({ loginId: user.email, applicationId });
    assert.equal(statusCode, 200);
    assert.match(response.changePasswordId ?? '', /^[A-Za-z0-9_-]{32,}$/);
    const [mail] = await mailTo(user.email);
    assert.ok(mail, 'an email in the dev mailbox');
    assert.equal(mail.subject, 'Reset your password');
    assert.ok(mail.text.includes(`${APP_URL}/reset-password/${response.changePasswordId}`), mail.text);
    assert.ok(mail.html.includes(`href="${APP_URL}/reset-password/${response.changePasswordId}"`), mail.html);
    assert.equal(typeof mail.createInstant, 'number');
  });

  test('without an API key forgot-password answers 200 with no body, and 404 for an unknown login id', async () => {
    const user = await registerUser(target, applicationId);
    const anonymous = await send(target, 'POST', '/api/user/forgot-password', {
      authorization: null,
      body: { loginId: user.email },
    });
    assert.equal(anonymous.status, 200);
    assert.equal(anonymous.text, '');
    assert.equal((await mailTo(user.email)).length, 1);
    assert.equal((await rejection(client.forgotPassword({ loginId: uniqueEmail('nobody') }))).statusCode, 404);
    assertFieldError((await rejection(client.forgotPassword({ loginId: '' }))).errors, 'loginId', '[blank]loginId');
  });

  test('sendForgotPasswordEmail:false returns an id and sends nothing', async () => {
    const user = await registerUser(target, applicationId);
    const { response } = await client.forgotPassword({ loginId: user.email, sendForgotPasswordEmail: false });
    assert.ok(response.changePasswordId);
    assert.equal((await mailTo(user.email)).length, 0);
  });

  test('a changePasswordId sets the password once, returns a oneTimePassword, and revokes every refresh token', async () => {
    const user = await registerUser(target, applicationId);
    const login = await client.login({ loginId: user.email, password: PASSWORD, applicationId });
    assert.ok(login.response.refreshTokenId);
    const { response: forgot } = await client.forgotPassword({ loginId: user.email, sendForgotPasswordEmail: false });
    const id = forgot.changePasswordId ?? '';

    assert.equal((await client.checkChangePasswordUsingId(id)).statusCode, 200);
    const changed = await client.changePassword(id, { password: 'a brand new password' });
    assert.equal(changed.statusCode, 200);
    assert.match(changed.response.oneTimePassword ?? '', /\S{20,}/);

    assert.equal(
      (await client.retrieveRefreshTokens(user.id)).response.refreshTokens?.length ?? 0,
      0,
      'refresh tokens revoked',
    );
    assert.equal(
      (await rejection(client.exchangeRefreshTokenForJWT({ refreshToken: login.response.refreshToken ?? '' })))
        .statusCode,
      400,
    );
    assert.equal(
      (await rejection(client.login({ loginId: user.email, password: PASSWORD, applicationId }))).statusCode,
      404,
      'old password',
    );
    assert.equal(
      (await client.login({ loginId: user.email, password: 'a brand new password', applicationId })).statusCode,
      200,
    );

    assert.equal(
      (await rejection(client.changePassword(id, { password: 'yet another password' }))).statusCode,
      404,
      'used once',
    );
    assert.equal((await rejection(client.checkChangePasswordUsingId(id))).statusCode, 404);

    const otp = await client.login({ oneTimePassword: changed.response.oneTimePassword, applicationId });
    assert.equal(otp.statusCode, 200);
    assert.ok(otp.response.token);
    assert.equal(
      (await rejection(client.login({ oneTimePassword: changed.response.oneTimePassword, applicationId }))).statusCode,
      404,
      'one-time',
    );
  });

  test('a changePasswordId expires after 10 minutes, and a newer one replaces it', async () => {
    const user = await registerUser(target, applicationId);
    const first =
      (await client.forgotPassword({ loginId: user.email, sendForgotPasswordEmail: false })).response
        .changePasswordId ?? '';
    const second =
      (await client.forgotPassword({ loginId: user.email, sendForgotPasswordEmail: false })).response
        .changePasswordId ?? '';
    assert.equal((await rejection(client.changePassword(first, { password: 'a brand new password' }))).statusCode, 404);
    clock.advance(601_000);
    assert.equal(
      (await rejection(client.changePassword(second, { password: 'a brand new password' }))).statusCode,
      404,
    );
  });

  test('the tenant password rules apply: a short password is a 400 [tooShort]password and the id stays usable', async () => {
    const user = await registerUser(target, applicationId);
    const id =
      (await client.forgotPassword({ loginId: user.email, sendForgotPasswordEmail: false })).response
        .changePasswordId ?? '';
    assertFieldError(
      (await rejection(client.changePassword(id, { password: 'short' }))).errors,
      'password',
      '[tooShort]password',
    );
    assert.equal((await client.changePassword(id, { password: 'long enough now' })).statusCode, 200);
  });

  test('with an API key and loginId: a wrong current password is a 400, a right one a 200 with no body', async () => {
    const user = await registerUser(target, applicationId);
    const wrong = await rejection(
      client.changePasswordByIdentity({
        loginId: user.email,
        currentPassword: 'not it',
        password: 'a brand new password',
      }),
    );
    assert.equal(wrong.statusCode, 400);
    const right = await client.changePasswordByIdentity({
      loginId: user.email,
      currentPassword: PASSWORD,
      password: 'a brand new password',
    });
    assert.equal(right.statusCode, 200);
    assert.equal(
      (await client.login({ loginId: user.email, password: 'a brand new password', applicationId })).statusCode,
      200,
    );
  });

  test('with a JWT: the current password is checked (404 when wrong) and a oneTimePassword comes back', async () => {
    const user = await registerUser(target, applicationId);
    const token = (await client.login({ loginId: user.email, password: PASSWORD, applicationId })).response.token ?? '';
    assert.equal(
      (
        await rejection(
          client.changePasswordUsingJWT(token, { currentPassword: 'not it', password: 'a brand new password' }),
        )
      ).statusCode,
      404,
    );
    const changed = await client.changePasswordUsingJWT(token, {
      currentPassword: PASSWORD,
      password: 'a brand new password',
    });
    assert.ok(changed.response.oneTimePassword);
  });

  test('passwordChangeRequired: login answers 203 with a changePasswordId; changing it clears the flag', async () => {
    const user = await registerUser(target, applicationId);
    await client.patchUser(user.id, { user: { passwordChangeRequired: true } });
    const login = await client.login({ loginId: user.email, password: PASSWORD, applicationId });
    assert.equal(login.statusCode, 203);
    assert.equal(login.response.changePasswordReason, 'Administrative');
    assert.equal(login.response.token, undefined);
    const changed = await client.changePassword(login.response.changePasswordId ?? '', {
      password: 'a brand new password',
    });
    const otp = await client.login({ oneTimePassword: changed.response.oneTimePassword, applicationId });
    assert.equal(otp.statusCode, 200);
    assert.equal(otp.response.user?.passwordChangeRequired, false);
  });
});

describe('email verification', devServerOnly, () => {
  before(() => client.patchTenant(KICKSTART.tenantId, { tenant: { emailConfiguration: { verifyEmail: true } } }));
  after(() => client.patchTenant(KICKSTART.tenantId, { tenant: { emailConfiguration: { verifyEmail: false } } }));

  test('a new user starts unverified, gets a link to the app, logs in with 212 until verified', async () => {
    const email = uniqueEmail('verify');
    const { response } = await client.register(null as unknown as string, {
      user: { email, password: PASSWORD },
      registration: { applicationId },
    });
    assert.equal(response.user?.verified, false);
    const [mail] = await mailTo(email);
    const verificationId = /\/verify-email\/([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1] ?? '';
    assert.ok(mail?.text.startsWith('To confirm') && mail.text.includes(`${APP_URL}/verify-email/`), mail?.text);

    const gated = await client.login({ loginId: email, password: PASSWORD, applicationId });
    assert.equal(gated.statusCode, 212);
    assert.equal(gated.response.user?.email, email);
    assert.equal(gated.response.refreshToken, undefined);

    assert.equal((await client.verifyEmailAddress({ verificationId })).statusCode, 200);
    assert.equal((await rejection(client.verifyEmailAddress({ verificationId }))).statusCode, 404, 'used once');
    assert.equal((await client.login({ loginId: email, password: PASSWORD, applicationId })).statusCode, 200);
  });

  test('resend issues a new id (the old one stops working) and answers 404 for an unknown email', async () => {
    const email = uniqueEmail('resend');
    await client.register(null as unknown as string, {
      user: { email, password: PASSWORD },
      registration: { applicationId },
    });
    const [first] = await mailTo(email);
    const oldId = /\/verify-email\/([A-Za-z0-9_-]+)/.exec(first?.text ?? '')?.[1] ?? '';
    const anonymous = await send(target, 'PUT', `/api/user/verify-email?email=${encodeURIComponent(email)}`, {
      authorization: null,
    });
    assert.equal(anonymous.status, 200);
    assert.equal((await mailTo(email)).length, 2);
    const { response } = await client.resendEmailVerification(email);
    assert.ok(response.verificationId);
    assert.equal((await rejection(client.verifyEmailAddress({ verificationId: oldId }))).statusCode, 404);
    assert.equal((await client.verifyEmailAddress({ verificationId: response.verificationId })).statusCode, 200);
    assertFieldError(
      (await rejection(client.resendEmailVerification(email))).errors,
      'email',
      '[alreadyVerified]email',
    );
    assert.equal((await rejection(client.resendEmailVerification(uniqueEmail('nobody')))).statusCode, 404);
  });

  test('both verify APIs refuse a request without a verificationId (400 [blank]) and take one as the deprecated URL segment', async () => {
    for (const path of ['/api/user/verify-email', '/api/user/verify-registration']) {
      const missing = await send(target, 'POST', path, { authorization: null, body: {} });
      assert.equal(missing.status, 400, path);
      assertFieldError(missing.json(), 'verificationId', '[blank]verificationId');
    }
    const email = uniqueEmail('segment');
    await client.register(null as unknown as string, {
      user: { email, password: PASSWORD },
      registration: { applicationId },
    });
    const id = /\/verify-email\/([A-Za-z0-9_-]+)/.exec((await mailTo(email))[0]?.text ?? '')?.[1] ?? '';
    assert.equal((await send(target, 'POST', `/api/user/verify-email/${id}`, { authorization: null })).status, 200);
    assert.equal((await send(target, 'POST', `/api/user/verify-email/${id}`, { authorization: null })).status, 404);
  });

  test('a verification id expires after 24 hours', async () => {
    const email = uniqueEmail('late');
    await client.register(null as unknown as string, {
      user: { email, password: PASSWORD },
      registration: { applicationId },
    });
    const id = /\/verify-email\/([A-Za-z0-9_-]+)/.exec((await mailTo(email))[0]?.text ?? '')?.[1] ?? '';
    clock.advance(86_401_000);
    assert.equal((await rejection(client.verifyEmailAddress({ verificationId: id }))).statusCode, 404);
  });
});

describe('registration verification (213)', devServerOnly, () => {
  let verifyingAppId: string;
  before(async () => {
    const kickstartApp = (await client.retrieveApplication(applicationId)).response.application;
    const templateId = kickstartApp?.verificationEmailTemplateId;
    assert.ok(templateId, 'the kickstart configures a registration verification template');
    verifyingAppId = randomUUID();
    await client.createApplication(verifyingAppId, {
      application: {
        name: `verifies registrations ${verifyingAppId}`,
        verifyRegistration: true,
        verificationEmailTemplateId: templateId,
      },
    });
  });

  test('a new registration starts unverified and is emailed a link; login answers 213 with the user until it is verified', async () => {
    const user = await registerUser(target, verifyingAppId);
    const registration = (await client.retrieveRegistration(user.id, verifyingAppId)).response.registration;
    assert.equal(registration?.verified, false);
    const unverified = await client.login({ loginId: user.email, password: PASSWORD, applicationId: verifyingAppId });
    assert.equal(unverified.statusCode, 213);
    assert.equal(unverified.response.user?.email, user.email);
    assert.equal(unverified.response.token, undefined);

    const [mail] = await mailTo(user.email);
    const verificationId = /\/verify-registration\/([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1] ?? '';
    assert.ok(mail?.text.includes(`${APP_URL}/verify-registration/`), mail?.text);
    assert.equal((await client.verifyUserRegistration({ verificationId })).statusCode, 200);
    assert.equal((await rejection(client.verifyUserRegistration({ verificationId }))).statusCode, 404, 'used');
    assert.equal(
      (await client.login({ loginId: user.email, password: PASSWORD, applicationId: verifyingAppId })).statusCode,
      200,
    );
  });

  test('a resend issues a new id (the old one stops working); a verified registration is a 400; skipRegistrationVerification skips it all', async () => {
    const user = await registerUser(target, verifyingAppId);
    const [first] = await mailTo(user.email);
    const oldId = /\/verify-registration\/([A-Za-z0-9_-]+)/.exec(first?.text ?? '')?.[1] ?? '';
    const resent = await client.resendRegistrationVerification(user.email, verifyingAppId);
    assert.equal(resent.statusCode, 200);
    const newId = resent.response.verificationId ?? '';
    assert.notEqual(newId, oldId);
    assert.equal((await rejection(client.verifyUserRegistration({ verificationId: oldId }))).statusCode, 404);
    assert.equal((await client.verifyUserRegistration({ verificationId: newId })).statusCode, 200);
    assert.equal((await rejection(client.resendRegistrationVerification(user.email, verifyingAppId))).statusCode, 400);
    assert.equal(
      (await rejection(client.resendRegistrationVerification(uniqueEmail('nobody'), verifyingAppId))).statusCode,
      404,
    );

    const { response } = await client.register(null as unknown as string, {
      user: { email: uniqueEmail('skipped'), password: PASSWORD },
      registration: { applicationId: verifyingAppId },
      skipRegistrationVerification: true,
    });
    assert.equal(response.registration?.verified, true);
  });
});

describe('two-factor with an authenticator app', devServerOnly, () => {
  async function userWithTwoFactor() {
    const user = await registerUser(target, applicationId);
    const { response: secret } = await client.generateTwoFactorSecret();
    const base32 = secret.secretBase32Encoded ?? '';
    const enabled = await client.enableTwoFactor(user.id, {
      method: 'authenticator',
      code: totpNow(base32),
      secret: secret.secret,
    });
    return { ...user, base32, recoveryCodes: enabled.response.recoveryCodes ?? [] };
  }

  test('a signed-in user generates a secret with their own JWT, and without one the call is a 401', async () => {
    const user = await registerUser(target, applicationId);
    const { response: login } = await client.login({ loginId: user.email, password: PASSWORD, applicationId });
    const { response: secret } = await client.generateTwoFactorSecretUsingJWT(login.token ?? '');
    assert.equal(Buffer.from(secret.secret ?? '', 'base64').length, 20);
    assert.match(secret.secretBase32Encoded ?? '', /^[A-Z2-7]{32}$/);
    const anonymous = await send(target, 'GET', '/api/two-factor/secret', { authorization: null });
    assert.equal(anonymous.status, 401);
  });

  test('enabling needs a right code (421 otherwise) and the first method brings ten recovery codes', async () => {
    const user = await registerUser(target, applicationId);
    const { response: secret } = await client.generateTwoFactorSecret();
    assert.equal(Buffer.from(secret.secret ?? '', 'base64').length, 20);
    const wrong = await rejection(
      client.enableTwoFactor(user.id, {
        method: 'authenticator',
        code: '000000',
        secretBase32Encoded: secret.secretBase32Encoded,
      }),
    );
    assert.equal(wrong.statusCode, 421);
    const enabled = await client.enableTwoFactor(user.id, {
      method: 'authenticator',
      code: totpNow(secret.secretBase32Encoded ?? ''),
      secretBase32Encoded: secret.secretBase32Encoded,
    });
    assert.equal(enabled.response.recoveryCodes?.length, 10);
    for (const code of enabled.response.recoveryCodes ?? []) assert.match(code, /^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    const stored = (await client.retrieveUser(user.id)).response.user;
    assert.equal(stored?.twoFactor?.methods?.[0]?.method, 'authenticator');
    assert.equal(
      (stored?.twoFactor?.methods?.[0] as Record<string, unknown> | undefined)?.secret,
      undefined,
      'never the secret',
    );
  });

  test('login answers 242; the code completes it (421 when wrong, 404 once expired)', async () => {
    const user = await userWithTwoFactor();
    const login = await client.login({ loginId: user.email, password: PASSWORD, applicationId });
    assert.equal(login.statusCode, 242);
    assert.equal(login.response.token, undefined);
    assert.equal(login.response.methods?.[0]?.method, 'authenticator');
    const twoFactorId = login.response.twoFactorId ?? '';
    assert.equal(
      (await rejection(client.twoFactorLogin({ twoFactorId, code: '000000', applicationId }))).statusCode,
      421,
    );
    const done = await client.twoFactorLogin({ twoFactorId, code: totpNow(user.base32), applicationId });
    assert.equal(done.statusCode, 200);
    assert.ok(done.response.token && done.response.refreshToken);
    assert.equal(
      (await rejection(client.twoFactorLogin({ twoFactorId, code: totpNow(user.base32), applicationId }))).statusCode,
      404,
      'used',
    );

    const late =
      (await client.login({ loginId: user.email, password: PASSWORD, applicationId })).response.twoFactorId ?? '';
    clock.advance(301_000);
    assert.equal(
      (await rejection(client.twoFactorLogin({ twoFactorId: late, code: totpNow(user.base32), applicationId })))
        .statusCode,
      404,
    );
  });

  test('a recovery code completes a login once; new codes replace the old ones', async () => {
    const user = await userWithTwoFactor();
    const [code = '', other = ''] = user.recoveryCodes;
    const first =
      (await client.login({ loginId: user.email, password: PASSWORD, applicationId })).response.twoFactorId ?? '';
    assert.equal((await client.twoFactorLogin({ twoFactorId: first, code, applicationId })).statusCode, 200);
    const second =
      (await client.login({ loginId: user.email, password: PASSWORD, applicationId })).response.twoFactorId ?? '';
    assert.equal(
      (await rejection(client.twoFactorLogin({ twoFactorId: second, code, applicationId }))).statusCode,
      421,
      'single use',
    );
    const fresh = (await client.generateTwoFactorRecoveryCodes(user.id)).response.recoveryCodes ?? [];
    assert.equal(fresh.length, 10);
    assert.equal(
      (await rejection(client.twoFactorLogin({ twoFactorId: second, code: other, applicationId }))).statusCode,
      421,
      'old codes gone',
    );
    assert.equal(
      (await client.twoFactorLogin({ twoFactorId: second, code: fresh[0] ?? '', applicationId })).statusCode,
      200,
    );
  });

  test('disabling needs a right code (421 otherwise); afterwards login is a plain 200', async () => {
    const user = await userWithTwoFactor();
    const methodId = (await client.retrieveUser(user.id)).response.user?.twoFactor?.methods?.[0]?.id ?? '';
    assert.equal((await rejection(client.disableTwoFactor(user.id, methodId, '000000'))).statusCode, 421);
    assert.equal((await client.disableTwoFactor(user.id, methodId, totpNow(user.base32))).statusCode, 200);
    assert.equal((await client.login({ loginId: user.email, password: PASSWORD, applicationId })).statusCode, 200);
  });

  test('with two-factor on, changing the password needs a trustToken: 400 [TrustTokenRequired] in every form, and each check says so', async () => {
    const user = await userWithTwoFactor();
    const trustRequired = (errors: { generalErrors?: { code?: string }[] } | undefined) =>
      assert.equal(errors?.generalErrors?.[0]?.code, '[TrustTokenRequired]');
    const { changePasswordId = '' } = (
      await client.forgotPassword({ loginId: user.email, applicationId, sendForgotPasswordEmail: false })
    ).response;
    const byId = await rejection(client.checkChangePasswordUsingId(changePasswordId));
    assert.equal(byId.statusCode, 400);
    trustRequired(byId.errors);
    trustRequired((await rejection(client.checkChangePasswordUsingLoginId(user.email))).errors);
    trustRequired((await rejection(client.changePassword(changePasswordId, { password: 'a-new-password' }))).errors);
    trustRequired(
      (
        await rejection(
          client.changePasswordByIdentity({
            loginId: user.email,
            currentPassword: PASSWORD,
            password: 'a-new-password',
          }),
        )
      ).errors,
    );
    assert.equal((await rejection(client.checkChangePasswordUsingId('no-such-id'))).statusCode, 404);
    const plain = await registerUser(target, applicationId);
    assert.equal(
      (await client.checkChangePasswordUsingLoginId(plain.email)).statusCode,
      200,
      'no two-factor, no trust needed',
    );
  });

  test('a step-up (start, then the two-factor login) hands back a trustToken bound to its trustChallenge, good for one change', async () => {
    const user = await userWithTwoFactor();
    const started = await client.startTwoFactorLogin({
      userId: user.id,
      applicationId,
      trustChallenge: 'change-password-1',
    });
    assert.equal(started.statusCode, 200);
    assert.equal(started.response.methods?.[0]?.method, 'authenticator');
    const done = await client.twoFactorLogin({
      twoFactorId: started.response.twoFactorId ?? '',
      code: totpNow(user.base32),
      applicationId,
      noJWT: true,
    });
    assert.equal(done.statusCode, 200);
    const trustToken = done.response.trustToken ?? '';
    assert.match(trustToken, /^[A-Za-z0-9_-]{32,}$/);
    assert.equal(done.response.token, undefined, 'noJWT');
    const { changePasswordId = '' } = (
      await client.forgotPassword({ loginId: user.email, applicationId, sendForgotPasswordEmail: false })
    ).response;
    const wrongChallenge = await rejection(
      client.changePassword(changePasswordId, { password: 'a-new-password', trustToken, trustChallenge: 'other' }),
    );
    assert.equal(wrongChallenge.statusCode, 400);
    assert.equal(
      (
        await client.changePassword(changePasswordId, {
          password: 'a-new-password',
          trustToken,
          trustChallenge: 'change-password-1',
        })
      ).statusCode,
      200,
    );
    const again = await rejection(
      client.changePasswordByIdentity({
        loginId: user.email,
        password: 'another-password',
        trustToken,
        trustChallenge: 'change-password-1',
      }),
    );
    assert.equal(again.statusCode, 400, 'used up');
    assert.equal(
      (await rejection(client.startTwoFactorLogin({ loginId: uniqueEmail('nobody'), applicationId }))).statusCode,
      404,
    );
  });

  test("another user's trustToken does not count", async () => {
    const [owner, other] = [await userWithTwoFactor(), await userWithTwoFactor()];
    const started = await client.startTwoFactorLogin({ loginId: owner.email, applicationId });
    const { trustToken } = (
      await client.twoFactorLogin({
        twoFactorId: started.response.twoFactorId ?? '',
        code: totpNow(owner.base32),
        applicationId,
        noJWT: true,
      })
    ).response;
    const refused = await rejection(
      client.changePasswordByIdentity({
        loginId: other.email,
        currentPassword: PASSWORD,
        password: 'a-new-password',
        trustToken,
      }),
    );
    assert.equal(refused.errors?.generalErrors?.[0]?.code, '[TrustTokenRequired]');
  });

  test('a recovery code disables every method', async () => {
    const user = await userWithTwoFactor();
    const methodId = (await client.retrieveUser(user.id)).response.user?.twoFactor?.methods?.[0]?.id ?? '';
    assert.equal((await client.disableTwoFactor(user.id, methodId, user.recoveryCodes[3] ?? '')).statusCode, 200);
    assert.deepEqual((await client.retrieveUser(user.id)).response.user?.twoFactor?.methods ?? [], []);
  });
});

test('the dev mailbox is an HTML page with clickable links', devServerOnly, async () => {
  const user = await registerUser(target, applicationId);
  await client.forgotPassword({ loginId: user.email });
  const page = await send(target, 'GET', '/dev/mailbox', { authorization: null });
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  assert.match(page.text, new RegExp(`<a href="${APP_URL}/reset-password/[A-Za-z0-9_-]+">`));
});

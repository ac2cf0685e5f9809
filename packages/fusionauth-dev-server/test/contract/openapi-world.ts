/**
 * What the OpenAPI walk works on: the kickstart's objects (tenant, application, key, webhook, email template) and
 * its own (users in the states FusionAuth's answers differ by, their JWTs and refresh tokens).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Secret, TOTP } from 'otpauth';
import { KICKSTART, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { apiClient, createUser, logIn, PASSWORD, registerUser, uniqueEmail } from './contract.ts';

/**
 * The theme every FusionAuth holds, read-only (https://fusionauth.io/docs/apis/themes); a new theme
 * copies it with `sourceThemeId`, since FusionAuth requires all of its messages.
 */
export const DEFAULT_THEME_ID = '75a068fd-e94b-451a-9aeb-3ddb9a3b5987';

/** The current code of an authenticator app holding `secret` (base32). */
export function totpNow(secret: string): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate();
}

/** The ids, tokens and login ids the walk's requests are made of. */
export interface WalkWorld {
  apiKey: string;
  tenantId: string;
  applicationId: string;
  clientSecret: string;
  roleId: string;
  keyId: string;
  webhookId: string;
  emailTemplateId: string;
  themeId: string;
  user: { id: string; email: string };
  /** A second user, whose password the walk changes (so the first keeps its refresh tokens), and its JWT. */
  otherUser: { id: string; email: string; jwt: string };
  jwt: string;
  refreshTokenId: string;
  /** Refresh tokens of the user, one per operation that spends one. */
  refreshTokens: { exchange: string; logout: string; grant: string };
  changePasswordId: string;
  /** A two-factor step-up of the user, and the code its start answered with. */
  twoFactor: { id: string; code: string };
  /** Users with an authenticator: one to regenerate recovery codes for, one to turn it off with a recovery code. */
  twoFactorUsers: {
    regenerate: string;
    disable: { id: string; email: string; methodId: string; recoveryCode: string };
  };
  /** Users in the states the Login API answers apart: not registered, to change their password, deactivated. */
  unregisteredUser: string;
  passwordChangeUser: string;
  deactivatedUser: string;
}

/**
 * The kickstart's objects, FusionAuth's default theme, and users of the walk's own: with JWTs and refresh tokens, a password reset,
 * two-factor, and in each state the Login API answers apart.
 */
export async function prepareWorld(target: FusionAuthTarget): Promise<WalkWorld> {
  const variables = (JSON.parse(readFileSync(KICKSTART.file, 'utf8')) as { variables: Record<string, string> })
    .variables;
  const client = apiClient(target);
  const user = await registerRichUser(target);
  const otherUser = await registerUser(target, KICKSTART.applicationId);
  const resetUser = await registerUser(target, KICKSTART.applicationId);
  const logins = await Promise.all([1, 2, 3, 4].map(() => logIn(target, user, KICKSTART.applicationId)));
  const refreshTokens = logins.map((login) => login.refreshToken ?? '');
  const { response: application } = await client.retrieveApplication(KICKSTART.applicationId);
  const { response: reset } = await client.forgotPassword({ loginId: resetUser.email, sendForgotPasswordEmail: false });
  const { response: twoFactor } = await client.startTwoFactorLogin({
    loginId: user.email,
    applicationId: KICKSTART.applicationId,
  });
  const regenerate = await userWithAuthenticator(target);
  const disable = await userWithAuthenticator(target);
  const deactivated = await registerUser(target, KICKSTART.applicationId);
  await client.deactivateUser(deactivated.id);
  return {
    apiKey: target.apiKey,
    tenantId: KICKSTART.tenantId,
    applicationId: KICKSTART.applicationId,
    clientSecret: KICKSTART.clientSecret,
    roleId: application.application?.roles?.[0]?.id ?? '',
    keyId: variables.tokenKeyId ?? '',
    webhookId: variables.webhookId ?? '',
    emailTemplateId: variables.forgotPasswordTemplateId ?? '',
    themeId: DEFAULT_THEME_ID,
    user: { id: user.id, email: user.email },
    otherUser: {
      id: otherUser.id,
      email: otherUser.email,
      jwt: (await logIn(target, otherUser, KICKSTART.applicationId)).token ?? '',
    },
    jwt: logins[0]?.token ?? '',
    refreshTokenId: logins[0]?.refreshTokenId ?? '',
    refreshTokens: {
      exchange: refreshTokens[1] ?? '',
      logout: refreshTokens[2] ?? '',
      grant: refreshTokens[3] ?? '',
    },
    changePasswordId: reset.changePasswordId ?? '',
    twoFactor: { id: twoFactor.twoFactorId ?? '', code: twoFactor.code ?? '' },
    twoFactorUsers: { regenerate: regenerate.id, disable },
    unregisteredUser: (await createUser(target)).email,
    passwordChangeUser: (await createUser(target, { passwordChangeRequired: true })).email,
    deactivatedUser: deactivated.email,
  };
}

/** A user with every profile field FusionAuth's User and Registration objects have that an app commonly sets. */
async function registerRichUser(target: FusionAuthTarget): Promise<{ id: string; email: string; password: string }> {
  const email = uniqueEmail('walk');
  const { response } = await apiClient(target).register(null as unknown as string, {
    user: {
      email,
      password: PASSWORD,
      username: `walk-${randomUUID()}`,
      firstName: 'Walk',
      middleName: 'Open',
      lastName: 'Spec',
      fullName: 'Walk Open Spec',
      birthDate: '1990-01-31',
      timezone: 'Europe/Paris',
      preferredLanguages: ['fr', 'en'],
      mobilePhone: '+33123456789',
      imageUrl: 'https://example.com/walk.png',
      data: { plan: 'free', count: 1, nested: { on: true } },
    },
    registration: {
      applicationId: KICKSTART.applicationId,
      roles: ['user'],
      username: `walk-${randomUUID()}`,
      timezone: 'Europe/Paris',
      preferredLanguages: ['fr'],
      data: { seat: 3 },
    },
    skipVerification: true,
  });
  return { id: response.user?.id ?? '', email, password: PASSWORD };
}

/** A registered user with an authenticator app turned on: its method's id and a recovery code. */
async function userWithAuthenticator(
  target: FusionAuthTarget,
): Promise<{ id: string; email: string; methodId: string; recoveryCode: string }> {
  const client = apiClient(target);
  const user = await registerUser(target, KICKSTART.applicationId);
  const { response: secret } = await client.generateTwoFactorSecret();
  const base32 = secret.secretBase32Encoded ?? '';
  const { response: enabled } = await client.enableTwoFactor(user.id, {
    method: 'authenticator',
    code: totpNow(base32),
    secretBase32Encoded: base32,
  });
  const { response: stored } = await client.retrieveUser(user.id);
  return {
    id: user.id,
    email: user.email,
    methodId: stored.user?.twoFactor?.methods?.[0]?.id ?? '',
    recoveryCode: enabled.recoveryCodes?.[0] ?? '',
  };
}

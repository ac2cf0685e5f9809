import { randomBytes, randomUUID } from 'node:crypto';
import { FusionAuthClient, type User, type UserResponse } from '@fusionauth/typescript-client';
import { callFusionAuth, type FusionAuthAnswer } from './call-fusionauth.ts';
import { toLoginOutcome, type LoginOutcome } from './login-outcome.ts';
import {
  needsTrust, toPasswordChangeOutcome, toTwoFactorLoginOutcome, type PasswordChangeOutcome, type Trust, type TwoFactorChange,
  type TwoFactorLoginOutcome,
} from './account-state-outcomes.ts';
import { toRegistrationOutcome, type RegistrationOutcome } from './registration-outcome.ts';
import { AppError } from '../errors.ts';
import type { AppMetrics } from '../metrics.ts';
import { measureRequests } from './measured-requests.ts';

export interface FusionAuthSettings {
  url: string;
  apiKey: string;
  tenantId: string | undefined;
  /** The application (OAuth client) id this app logs users into. */
  applicationId: string;
  /** How long to wait for FusionAuth before answering 503. */
  timeoutMs?: number;
  /** Where each call's latency and failure are recorded. */
  metrics?: Pick<AppMetrics, 'fusionAuthDuration' | 'fusionAuthFailures'>;
}

export type RefreshOutcome =
  | { kind: 'ok'; accessToken: string; refreshToken: string; refreshTokenId: string | undefined }
  | { kind: 'refused' };

export type TrustOutcome = { kind: 'ok'; trust: Trust } | { kind: 'wrong-code' } | { kind: 'unknown-user' };

/** Whether a password change can go ahead: FusionAuth's check (https://fusionauth.io/docs/apis/users/change-password). */
export type PasswordChangeCheck = 'allowed' | 'needs-two-factor' | 'unusable';

export interface NewAccount {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

/**
 * The only place that calls FusionAuth's REST API, through the official client. Every method answers
 * with a value for FusionAuth's expected answers and throws AppError FUSIONAUTH_UNAVAILABLE when
 * FusionAuth is down.
 */
export class FusionAuthApi {
  readonly applicationId: string;
  readonly #client: FusionAuthClient;
  readonly #timeoutMs: number;

  constructor(settings: FusionAuthSettings) {
    this.applicationId = settings.applicationId;
    this.#client = new FusionAuthClient(settings.apiKey, settings.url, settings.tenantId);
    if (settings.metrics) measureRequests(this.#client, settings.metrics);
    this.#timeoutMs = settings.timeoutMs ?? 5000;
  }

  /** POST /api/login for this application. `withTokens: false` asks FusionAuth not to issue any (noJWT). */
  async login(input: { loginId: string; password: string; ipAddress?: string; withTokens: boolean }): Promise<LoginOutcome> {
    const answer = await callFusionAuth(
      () =>
        this.#client.login({
          loginId: input.loginId,
          password: input.password,
          applicationId: this.applicationId,
          ipAddress: input.ipAddress,
          noJWT: !input.withTokens,
        }),
      this.#timeoutMs,
    );
    return toLoginOutcome(answer);
  }

  /**
   * Combined user + registration for this application, with the application's default roles. The new
   * user's id is chosen here, so the call has the documented `/api/user/registration/{newUserId}` form.
   */
  async register(account: NewAccount): Promise<RegistrationOutcome> {
    const answer = await callFusionAuth(
      () =>
        this.#client.register(randomUUID(), {
          user: account,
          registration: { applicationId: this.applicationId },
        }),
      this.#timeoutMs,
    );
    return toRegistrationOutcome(answer);
  }

  /** The user with their registrations, or null when FusionAuth has no such user. */
  async retrieveUser(userId: string): Promise<User | null> {
    return userOrNull(await callFusionAuth(() => this.#client.retrieveUser(userId), this.#timeoutMs));
  }

  /** The user whose email or username is `loginId` (GET /api/user?loginId=), or null. */
  async retrieveUserByLoginId(loginId: string): Promise<User | null> {
    return userOrNull(await callFusionAuth(() => this.#client.retrieveUserByLoginId(loginId), this.#timeoutMs));
  }

  /**
   * POST /api/jwt/refresh: a new access token for a refresh token. `refused` when FusionAuth will not
   * (the token was revoked or expired, or the user is gone): the session must end.
   */
  async refreshAccessToken(refreshToken: string): Promise<RefreshOutcome> {
    const answer = await callFusionAuth(() => this.#client.exchangeRefreshTokenForJWT({ refreshToken }), this.#timeoutMs);
    const body = answer.response;
    if (answer.statusCode === 200 && body?.token) {
      return { kind: 'ok', accessToken: body.token, refreshToken: body.refreshToken ?? refreshToken, refreshTokenId: body.refreshTokenId };
    }
    if (answer.statusCode === 400 || answer.statusCode === 401 || answer.statusCode === 404) return { kind: 'refused' };
    throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `Refresh API answered ${answer.statusCode}`);
  }

  /** Revokes one refresh token by its id: this session's, never the application's (that would sign out every user). */
  async revokeRefreshToken(refreshTokenId: string): Promise<void> {
    await callFusionAuth(() => this.#client.revokeRefreshTokenById(refreshTokenId), this.#timeoutMs);
  }

  /** Revokes every refresh token the user holds for this application. */
  async revokeUserRefreshTokens(userId: string): Promise<void> {
    await callFusionAuth(
      () => this.#client.revokeRefreshTokensByUserIdForApplication(userId, this.applicationId),
      this.#timeoutMs,
    );
  }

  /**
   * Ends the user's FusionAuth SSO sessions: each is a refresh token of the user with no application
   * (https://fusionauth.io/docs/lifecycle/authenticate-users/logout-session-management), revoked here
   * by id, so the user's tokens of other applications stay. Returns how many ended.
   */
  async revokeSsoSessions(userId: string): Promise<number> {
    const listed = await callFusionAuth(() => this.#client.retrieveRefreshTokens(userId), this.#timeoutMs);
    const sessions = (listed.response?.refreshTokens ?? []).filter((token) => !token.applicationId && token.id);
    for (const { id } of sessions) await callFusionAuth(() => this.#client.revokeRefreshTokenById(id ?? ''), this.#timeoutMs);
    return sessions.length;
  }

  /**
   * Users registered for this application matching `text` (FusionAuth's user search, first `limit`).
   * The text is escaped, so it is matched as words, never read as Lucene query syntax.
   */
  async searchUsers(text: string, limit = 25): Promise<{ total: number; users: User[] }> {
    const words = text.split(/\s+/).filter(Boolean).map(escapeQueryText);
    const queryString = [`registrations.applicationId:${this.applicationId}`, ...words].join(' AND ');
    const answer = await callFusionAuth(
      () => this.#client.searchUsersByQuery({ search: { queryString, numberOfResults: limit, startRow: 0, sortFields: [{ name: 'email' }] } }),
      this.#timeoutMs,
    );
    if (answer.statusCode !== 200) throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `User Search API answered ${answer.statusCode}`);
    return { total: answer.response?.total ?? 0, users: answer.response?.users ?? [] };
  }

  /**
   * Adds `role` to the user's registration for this application (PATCH appends to arrays). False when
   * the user has no registration here.
   */
  async addRegistrationRole(userId: string, role: string): Promise<boolean> {
    const answer = await callFusionAuth(
      () => this.#client.patchRegistration(userId, { registration: { applicationId: this.applicationId, roles: [role] } }),
      this.#timeoutMs,
    );
    return this.#expectFound(answer.statusCode, 'Registration API');
  }

  /** Removes `role` from the user's registration for this application. False when there is none. */
  async removeRegistrationRole(userId: string, role: string): Promise<boolean> {
    const current = await callFusionAuth(() => this.#client.retrieveRegistration(userId, this.applicationId), this.#timeoutMs);
    const registration = current.response?.registration;
    if (!this.#expectFound(current.statusCode, 'Registration API') || !registration) return false;
    if (!registration.roles?.includes(role)) return true;
    const answer = await callFusionAuth(
      () => this.#client.updateRegistration(userId, { registration: { ...registration, roles: registration.roles?.filter((name) => name !== role) ?? [] } }),
      this.#timeoutMs,
    );
    return this.#expectFound(answer.statusCode, 'Registration API');
  }

  /** Undoes a soft delete (`active:false`). False when there is no such user. */
  async reactivateUser(userId: string): Promise<boolean> {
    const answer = await callFusionAuth(() => this.#client.reactivateUser(userId), this.#timeoutMs);
    return this.#expectFound(answer.statusCode, 'User API');
  }

  /**
   * Deletes the user permanently. The TS client's `deleteUser` hard-deletes (`?hardDelete=true`);
   * `deactivateUser` would only soft-delete. False when there was no such user.
   */
  async deleteUser(userId: string): Promise<boolean> {
    const answer = await callFusionAuth(() => this.#client.deleteUser(userId), this.#timeoutMs);
    return this.#expectFound(answer.statusCode, 'User API');
  }

  /**
   * POST /api/login with the `oneTimePassword` a password change returned: signs the person in
   * without asking for the password (or second factor) again.
   */
  async loginWithOneTimePassword(oneTimePassword: string, withTokens: boolean): Promise<LoginOutcome> {
    const answer = await callFusionAuth(
      () => this.#client.login({ oneTimePassword, applicationId: this.applicationId, noJWT: !withTokens } as Parameters<FusionAuthClient['login']>[0]),
      this.#timeoutMs,
    );
    return toLoginOutcome(answer);
  }

  /** POST /api/two-factor/login: completes a login that answered 242. */
  async twoFactorLogin(input: { twoFactorId: string; code: string; ipAddress?: string; withTokens: boolean }): Promise<TwoFactorLoginOutcome> {
    const answer = await callFusionAuth(
      () => this.#client.twoFactorLogin({
        twoFactorId: input.twoFactorId, code: input.code, applicationId: this.applicationId, ipAddress: input.ipAddress, noJWT: !input.withTokens,
      }),
      this.#timeoutMs,
    );
    return toTwoFactorLoginOutcome(answer);
  }

  /** GET /api/user/change-password/{id}: whether a changePasswordId is still good, and whether it needs a two-factor code. */
  async checkPasswordChange(changePasswordId: string): Promise<PasswordChangeCheck> {
    const answer = await callFusionAuth(() => this.#client.checkChangePasswordUsingId(changePasswordId), this.#timeoutMs);
    if (answer.statusCode === 200) return 'allowed';
    return answer.statusCode === 400 && needsTrust(answer.errors) ? 'needs-two-factor' : 'unusable';
  }

  /**
   * A step-up (https://fusionauth.io/docs/apis/two-factor, https://fusionauth.io/docs/apis/login): starts a
   * two-factor login bound to a fresh trustChallenge and completes it with the person's code, for the
   * trustToken a two-factor user's password change needs. No tokens are issued (noJWT).
   */
  async obtainTrust(who: { userId: string } | { loginId: string }, code: string): Promise<TrustOutcome> {
    const trustChallenge = randomBytes(16).toString('base64url');
    const started = await callFusionAuth(
      () => this.#client.startTwoFactorLogin({ ...who, applicationId: this.applicationId, trustChallenge }),
      this.#timeoutMs,
    );
    if (started.statusCode === 404) return { kind: 'unknown-user' };
    // No two-factor method to check the code against, or a code FusionAuth will not take.
    if (started.statusCode >= 400) return { kind: 'wrong-code' };
    const twoFactorId = started.response?.twoFactorId;
    if (started.statusCode !== 200 || !twoFactorId) throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `Two-Factor Start API answered ${started.statusCode}`);
    const done = await callFusionAuth(
      () => this.#client.twoFactorLogin({ twoFactorId, code, applicationId: this.applicationId, noJWT: true }),
      this.#timeoutMs,
    );
    if (done.statusCode >= 400) return { kind: 'wrong-code' };
    const trustToken = done.response?.trustToken;
    if (!trustToken) throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `Two-Factor Login API answered ${done.statusCode} without a trustToken`);
    return { kind: 'ok', trust: { trustToken, trustChallenge } };
  }

  /** POST /api/user/change-password with a changePasswordId (from a 203 or a reset email), and trust for a two-factor user. */
  async changePasswordWithId(changePasswordId: string, password: string, trust?: Trust): Promise<PasswordChangeOutcome> {
    const answer = await callFusionAuth(() => this.#client.changePassword(changePasswordId, { password, ...trust }), this.#timeoutMs);
    return toPasswordChangeOutcome(answer);
  }

  /** A signed-in person's change: with their access token (tokens mode) FusionAuth returns a oneTimePassword. */
  async changeOwnPassword(input: {
    loginId: string; currentPassword: string; password: string; accessToken?: string; refreshToken?: string; trust?: Trust;
  }): Promise<PasswordChangeOutcome> {
    const { loginId, currentPassword, password, accessToken, refreshToken, trust } = input;
    const answer = accessToken
      ? await callFusionAuth(() => this.#client.changePasswordUsingJWT(accessToken, { currentPassword, password, refreshToken, ...trust }), this.#timeoutMs)
      : await callFusionAuth(
        () => this.#client.changePasswordByIdentity({ loginId, currentPassword, password, applicationId: this.applicationId, ...trust }),
        this.#timeoutMs,
      );
    const outcome = toPasswordChangeOutcome(answer as Parameters<typeof toPasswordChangeOutcome>[0]);
    // With a JWT FusionAuth answers a wrong current password with 404 (with an API key, 400).
    return outcome.kind === 'not-found' ? { kind: 'wrong-password' } : outcome;
  }

  /**
   * POST /api/user/forgot-password: FusionAuth emails a reset link. An unknown account (404), one
   * without email (422) or disabled reset emails (403) change nothing the person may learn about.
   */
  async forgotPassword(email: string): Promise<void> {
    const answer = await callFusionAuth(
      () => this.#client.forgotPassword({ loginId: email, applicationId: this.applicationId, sendForgotPasswordEmail: true }),
      this.#timeoutMs,
    );
    if (![200, 403, 404, 422].includes(answer.statusCode)) throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `Forgot Password API answered ${answer.statusCode}`);
  }

  /** POST /api/user/verify-email: false when the verificationId is unknown, used or expired. */
  async verifyEmail(verificationId: string): Promise<boolean> {
    const answer = await callFusionAuth(() => this.#client.verifyEmailAddress({ verificationId }), this.#timeoutMs);
    return answer.statusCode === 200;
  }

  /** PUT /api/user/verify-email: a fresh verification email; unknown or verified addresses change nothing. */
  async resendVerificationEmail(email: string): Promise<void> {
    await callFusionAuth(() => this.#client.resendEmailVerificationWithApplicationTemplate(this.applicationId, email), this.#timeoutMs);
  }

  /** POST /api/user/verify-registration: false when the verificationId is unknown, used or expired. */
  async verifyRegistration(verificationId: string): Promise<boolean> {
    const answer = await callFusionAuth(() => this.#client.verifyUserRegistration({ verificationId }), this.#timeoutMs);
    return answer.statusCode === 200;
  }

  /** PUT /api/user/verify-registration: a fresh link; unknown, unregistered or confirmed addresses change nothing. */
  async resendRegistrationVerification(email: string): Promise<void> {
    await callFusionAuth(() => this.#client.resendRegistrationVerification(email, this.applicationId), this.#timeoutMs);
  }

  /** GET /api/two-factor/secret: a new TOTP secret, base64 and base32; null when FusionAuth refuses (4xx). */
  async generateTwoFactorSecret(): Promise<{ secret: string; secretBase32Encoded: string } | null> {
    const answer = await callFusionAuth(() => this.#client.generateTwoFactorSecret(), this.#timeoutMs);
    if (answer.statusCode >= 400) return null;
    const { secret, secretBase32Encoded } = answer.response ?? {};
    if (!secret || !secretBase32Encoded) throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `Two-Factor Secret API answered ${answer.statusCode}`);
    return { secret, secretBase32Encoded };
  }

  /** POST /api/user/two-factor/{userId}: turns on an authenticator app; the recovery codes come with the first method. */
  async enableAuthenticator(userId: string, secret: string, code: string): Promise<TwoFactorChange<string[]>> {
    const answer = await callFusionAuth(() => this.#client.enableTwoFactor(userId, { method: 'authenticator', secret, code }), this.#timeoutMs);
    if (answer.statusCode === 421) return { kind: 'wrong-code' };
    if (answer.statusCode >= 400) return { kind: 'refused' };
    if (answer.statusCode !== 200) throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `Two-Factor API answered ${answer.statusCode}`);
    return { kind: 'ok', value: answer.response?.recoveryCodes ?? [] };
  }

  /** DELETE /api/user/two-factor/{userId}: a code of the method, or a recovery code (which removes every method). */
  async disableTwoFactor(userId: string, methodId: string, code: string): Promise<TwoFactorChange<null>> {
    const answer = await callFusionAuth(() => this.#client.disableTwoFactor(userId, methodId, code), this.#timeoutMs);
    if (answer.statusCode === 421 || answer.statusCode === 400) return { kind: 'wrong-code' };
    if (answer.statusCode >= 400) return { kind: 'refused' };
    if (answer.statusCode !== 200) throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `Two-Factor API answered ${answer.statusCode}`);
    return { kind: 'ok', value: null };
  }

  /**
   * POST /api/user/two-factor/recovery-code/{userId}: ten new recovery codes replace the old ones;
   * `refused` when FusionAuth answers 4xx (a 400 when the user has no two-factor method).
   */
  async regenerateRecoveryCodes(userId: string): Promise<TwoFactorChange<string[]>> {
    const answer = await callFusionAuth(() => this.#client.generateTwoFactorRecoveryCodes(userId), this.#timeoutMs);
    if (answer.statusCode >= 400) return { kind: 'refused' };
    if (answer.statusCode !== 200) throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `Recovery Code API answered ${answer.statusCode}`);
    return { kind: 'ok', value: answer.response?.recoveryCodes ?? [] };
  }

  #expectFound(statusCode: number, api: string): boolean {
    if (statusCode === 200) return true;
    if (statusCode === 404) return false;
    throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `${api} answered ${statusCode}`);
  }

  /** True when FusionAuth answers its status endpoint. */
  async ping(): Promise<boolean> {
    try {
      const answer = await callFusionAuth(() => this.#client.retrieveSystemStatus(), this.#timeoutMs);
      return answer.statusCode === 200;
    } catch {
      return false;
    }
  }
}

/** Escapes Lucene query syntax (FusionAuth's queryString), so a search box cannot change the query. */
function escapeQueryText(word: string): string {
  return word.replace(/[+\-=&|><!(){}[\]^"~*?:\\/]/g, '\\$&');
}

/** The User API's answer: the user, null for an unknown one (404, or 400 for a malformed id), else a fault. */
function userOrNull(answer: FusionAuthAnswer<UserResponse>): User | null {
  if (answer.statusCode === 200 && answer.response?.user) return answer.response.user;
  if (answer.statusCode === 404 || answer.statusCode === 400) return null;
  throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `User API answered ${answer.statusCode}`);
}

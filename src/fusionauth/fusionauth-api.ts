import { randomUUID } from 'node:crypto';
import { FusionAuthClient, type User } from '@fusionauth/typescript-client';
import { callFusionAuth } from './call-fusionauth.ts';
import { toLoginOutcome, type LoginOutcome } from './login-outcome.ts';
import { toRegistrationOutcome, type RegistrationOutcome } from './registration-outcome.ts';
import { AppError } from '../errors.ts';

export interface FusionAuthSettings {
  url: string;
  apiKey: string;
  tenantId: string | undefined;
  /** The application (OAuth client) id this app logs users into. */
  applicationId: string;
  /** How long to wait for FusionAuth before answering 503. */
  timeoutMs?: number;
}

export type RefreshOutcome =
  | { kind: 'ok'; accessToken: string; refreshToken: string; refreshTokenId: string | undefined }
  | { kind: 'refused' };

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
    const answer = await callFusionAuth(() => this.#client.retrieveUser(userId), this.#timeoutMs);
    if (answer.statusCode === 200 && answer.response?.user) return answer.response.user;
    if (answer.statusCode === 404 || answer.statusCode === 400) return null;
    throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `User API answered ${answer.statusCode}`);
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

  /** Revokes one refresh token by its id: this session's, never the application's (pitfall #14). */
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

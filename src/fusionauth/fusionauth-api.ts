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

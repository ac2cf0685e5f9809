import { AppError } from '../errors.ts';
import { toLoginOutcome, type LoginOutcome } from './login-outcome.ts';
import { toTwoFactorLoginOutcome, type TwoFactorLoginOutcome } from './account-state-outcomes.ts';
import { FusionAuthArea } from './fusionauth-area.ts';

export type RefreshOutcome =
  { kind: 'ok'; accessToken: string; refreshToken: string; refreshTokenId: string | undefined } | { kind: 'refused' };

/**
 * The Login API and its relatives: a password, a one-time password, a two-factor code, a refresh token.
 */
export class SignInApi extends FusionAuthArea {
  /** POST /api/login for this application. `withTokens: false` asks FusionAuth not to issue any (noJWT). */
  async login(input: {
    loginId: string;
    password: string;
    ipAddress?: string;
    withTokens: boolean;
  }): Promise<LoginOutcome> {
    const answer = await this.call((client) =>
      client.login({
        loginId: input.loginId,
        password: input.password,
        applicationId: this.applicationId,
        ipAddress: input.ipAddress,
        noJWT: !input.withTokens,
      }),
    );
    return toLoginOutcome(answer);
  }

  /**
   * POST /api/login with the `oneTimePassword` a password change returned: signs the person in
   * without asking for the password (or second factor) again.
   */
  async loginWithOneTimePassword(oneTimePassword: string, withTokens: boolean): Promise<LoginOutcome> {
    const answer = await this.call((client) =>
      client.login({ oneTimePassword, applicationId: this.applicationId, noJWT: !withTokens }),
    );
    return toLoginOutcome(answer);
  }

  /** POST /api/two-factor/login: completes a login that answered 242. */
  async twoFactorLogin(input: {
    twoFactorId: string;
    code: string;
    ipAddress?: string;
    withTokens: boolean;
  }): Promise<TwoFactorLoginOutcome> {
    const answer = await this.call((client) =>
      client.twoFactorLogin({
        twoFactorId: input.twoFactorId,
        code: input.code,
        applicationId: this.applicationId,
        ipAddress: input.ipAddress,
        noJWT: !input.withTokens,
      }),
    );
    return toTwoFactorLoginOutcome(answer);
  }

  /**
   * POST /api/jwt/refresh: a new access token for a refresh token. `refused` when FusionAuth will not
   * (the token was revoked or expired, or the user is gone): the session must end.
   */
  async refreshAccessToken(refreshToken: string): Promise<RefreshOutcome> {
    const answer = await this.call((client) => client.exchangeRefreshTokenForJWT({ refreshToken }));
    const body = answer.response;
    if (answer.statusCode === 200 && body?.token) {
      return {
        kind: 'ok',
        accessToken: body.token,
        refreshToken: body.refreshToken ?? refreshToken,
        refreshTokenId: body.refreshTokenId,
      };
    }
    if (answer.statusCode === 400 || answer.statusCode === 401 || answer.statusCode === 404) return { kind: 'refused' };
    throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `Refresh API answered ${answer.statusCode}`);
  }
}

import { FusionAuthArea } from './fusionauth-area.ts';

/**
 * Ending refresh tokens and SSO sessions in FusionAuth.
 */
export class RevocationApi extends FusionAuthArea {
  /** Revokes one refresh token by its id: this session's, never the application's (that would sign out every user). */
  async revokeRefreshToken(refreshTokenId: string): Promise<void> {
    await this.call((client) => client.revokeRefreshTokenById(refreshTokenId));
  }

  /** Revokes every refresh token the user holds for this application. */
  async revokeUserRefreshTokens(userId: string): Promise<void> {
    await this.call((client) => client.revokeRefreshTokensByUserIdForApplication(userId, this.applicationId));
  }

  /** Revokes every refresh token of the user: every application's, and the SSO sessions. */
  async revokeAllRefreshTokensOfUser(userId: string): Promise<void> {
    await this.call((client) => client.revokeRefreshTokensByUserId(userId));
  }

  /**
   * Ends the user's FusionAuth SSO sessions: each is a refresh token of the user with no application
   * (https://fusionauth.io/docs/lifecycle/authenticate-users/logout-session-management), revoked here
   * by id, so the user's tokens of other applications stay. Returns how many ended.
   */
  async revokeSsoSessions(userId: string): Promise<number> {
    const listed = await this.call((client) => client.retrieveRefreshTokens(userId));
    const sessions = (listed.response?.refreshTokens ?? []).filter((token) => !token.applicationId && token.id);
    for (const { id } of sessions) await this.call((client) => client.revokeRefreshTokenById(id ?? ''));
    return sessions.length;
  }
}

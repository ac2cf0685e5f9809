import { AppError } from '../errors.ts';
import {
  needsTrust,
  toPasswordChangeOutcome,
  type PasswordChangeOutcome,
  type Trust,
} from './account-state-outcomes.ts';
import { FusionAuthArea } from './fusionauth-area.ts';

/** Whether a password change can go ahead: FusionAuth's check (https://fusionauth.io/docs/apis/users/change-password). */
export type PasswordChangeCheck = 'allowed' | 'needs-two-factor' | 'unusable';

/**
 * Password changes: required ones (a changePasswordId), the signed-in person's own, and reset emails.
 */
export class PasswordApi extends FusionAuthArea {
  /** GET /api/user/change-password/{id}: whether a changePasswordId is still good, and whether it needs a two-factor code. */
  async checkPasswordChange(changePasswordId: string): Promise<PasswordChangeCheck> {
    const answer = await this.call((client) => client.checkChangePasswordUsingId(changePasswordId));
    if (answer.statusCode === 200) return 'allowed';
    return answer.statusCode === 400 && needsTrust(answer.errors) ? 'needs-two-factor' : 'unusable';
  }

  /** POST /api/user/change-password with a changePasswordId (from a 203 or a reset email), and trust for a two-factor user. */
  async changePasswordWithId(
    changePasswordId: string,
    password: string,
    trust?: Trust,
  ): Promise<PasswordChangeOutcome> {
    const answer = await this.call((client) => client.changePassword(changePasswordId, { password, ...trust }));
    return toPasswordChangeOutcome(answer);
  }

  /** A signed-in person's change: with their access token (tokens mode) FusionAuth returns a oneTimePassword. */
  async changeOwnPassword(input: {
    loginId: string;
    currentPassword: string;
    password: string;
    accessToken?: string;
    refreshToken?: string;
    trust?: Trust;
  }): Promise<PasswordChangeOutcome> {
    const { loginId, currentPassword, password, accessToken, refreshToken, trust } = input;
    const answer = accessToken
      ? await this.call((client) =>
          client.changePasswordUsingJWT(accessToken, { currentPassword, password, refreshToken, ...trust }),
        )
      : await this.call((client) =>
          client.changePasswordByIdentity({
            loginId,
            currentPassword,
            password,
            applicationId: this.applicationId,
            ...trust,
          }),
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
    const answer = await this.call((client) =>
      client.forgotPassword({ loginId: email, applicationId: this.applicationId, sendForgotPasswordEmail: true }),
    );
    if (![200, 403, 404, 422].includes(answer.statusCode))
      throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `Forgot Password API answered ${answer.statusCode}`);
  }
}

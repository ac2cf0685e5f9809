import { randomBytes } from 'node:crypto';
import { AppError } from '../errors.ts';
import type { Trust, TwoFactorChange } from './account-state-outcomes.ts';
import { FusionAuthArea } from './fusionauth-area.ts';

export type TrustOutcome = { kind: 'ok'; trust: Trust } | { kind: 'wrong-code' } | { kind: 'unknown-user' };

/**
 * Two-factor settings (authenticator, recovery codes) and the step-up trust a two-factor user's password change needs.
 */
export class TwoFactorApi extends FusionAuthArea {
  /**
   * A step-up (https://fusionauth.io/docs/apis/two-factor, https://fusionauth.io/docs/apis/login): starts a
   * two-factor login bound to a fresh trustChallenge and completes it with the person's code, for the
   * trustToken a two-factor user's password change needs. No tokens are issued (noJWT).
   */
  async obtainTrust(who: { userId: string } | { loginId: string }, code: string): Promise<TrustOutcome> {
    const trustChallenge = randomBytes(16).toString('base64url');
    const started = await this.call((client) =>
      client.startTwoFactorLogin({ ...who, applicationId: this.applicationId, trustChallenge }),
    );
    if (started.statusCode === 404) return { kind: 'unknown-user' };
    // No two-factor method to check the code against, or a code FusionAuth will not take.
    if (started.statusCode >= 400) return { kind: 'wrong-code' };
    const twoFactorId = started.response?.twoFactorId;
    if (started.statusCode !== 200 || !twoFactorId)
      throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `Two-Factor Start API answered ${started.statusCode}`);
    const done = await this.call((client) =>
      client.twoFactorLogin({ twoFactorId, code, applicationId: this.applicationId, noJWT: true }),
    );
    if (done.statusCode >= 400) return { kind: 'wrong-code' };
    const trustToken = done.response?.trustToken;
    if (!trustToken)
      throw new AppError(
        'FUSIONAUTH_UNEXPECTED_RESPONSE',
        `Two-Factor Login API answered ${done.statusCode} without a trustToken`,
      );
    return { kind: 'ok', trust: { trustToken, trustChallenge } };
  }

  /** GET /api/two-factor/secret: a new TOTP secret, base64 and base32; null when FusionAuth refuses (4xx). */
  async generateTwoFactorSecret(): Promise<{ secret: string; secretBase32Encoded: string } | null> {
    const answer = await this.call((client) => client.generateTwoFactorSecret());
    if (answer.statusCode >= 400) return null;
    const { secret, secretBase32Encoded } = answer.response ?? {};
    if (!secret || !secretBase32Encoded)
      throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `Two-Factor Secret API answered ${answer.statusCode}`);
    return { secret, secretBase32Encoded };
  }

  /** POST /api/user/two-factor/{userId}: turns on an authenticator app; the recovery codes come with the first method. */
  async enableAuthenticator(userId: string, secret: string, code: string): Promise<TwoFactorChange<string[]>> {
    const answer = await this.call((client) =>
      client.enableTwoFactor(userId, { method: 'authenticator', secret, code }),
    );
    if (answer.statusCode === 421) return { kind: 'wrong-code' };
    if (answer.statusCode >= 400) return { kind: 'refused' };
    if (answer.statusCode !== 200)
      throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `Two-Factor API answered ${answer.statusCode}`);
    return { kind: 'ok', value: answer.response?.recoveryCodes ?? [] };
  }

  /** DELETE /api/user/two-factor/{userId}: a code of the method, or a recovery code (which removes every method). */
  async disableTwoFactor(userId: string, methodId: string, code: string): Promise<TwoFactorChange<null>> {
    const answer = await this.call((client) => client.disableTwoFactor(userId, methodId, code));
    if (answer.statusCode === 421 || answer.statusCode === 400) return { kind: 'wrong-code' };
    if (answer.statusCode >= 400) return { kind: 'refused' };
    if (answer.statusCode !== 200)
      throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `Two-Factor API answered ${answer.statusCode}`);
    return { kind: 'ok', value: null };
  }

  /**
   * POST /api/user/two-factor/recovery-code/{userId}: ten new recovery codes replace the old ones;
   * `refused` when FusionAuth answers 4xx (a 400 when the user has no two-factor method).
   */
  async regenerateRecoveryCodes(userId: string): Promise<TwoFactorChange<string[]>> {
    const answer = await this.call((client) => client.generateTwoFactorRecoveryCodes(userId));
    if (answer.statusCode >= 400) return { kind: 'refused' };
    if (answer.statusCode !== 200)
      throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `Recovery Code API answered ${answer.statusCode}`);
    return { kind: 'ok', value: answer.response?.recoveryCodes ?? [] };
  }
}

import { randomUUID } from 'node:crypto';
import { toRegistrationOutcome, type RegistrationOutcome } from './registration-outcome.ts';
import { FusionAuthArea } from './fusionauth-area.ts';

export interface NewAccount {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

/**
 * New accounts and their verification links (email, registration).
 */
export class RegistrationApi extends FusionAuthArea {
  /**
   * Combined user + registration for this application, with the application's default roles. The new
   * user's id is chosen here, so the call has the documented `/api/user/registration/{newUserId}` form.
   */
  async register(account: NewAccount): Promise<RegistrationOutcome> {
    const answer = await this.call((client) =>
      client.register(randomUUID(), {
        user: account,
        registration: { applicationId: this.applicationId },
      }),
    );
    return toRegistrationOutcome(answer);
  }

  /** POST /api/user/verify-email: false when the verificationId is unknown, used or expired. */
  async verifyEmail(verificationId: string): Promise<boolean> {
    const answer = await this.call((client) => client.verifyEmailAddress({ verificationId }));
    return answer.statusCode === 200;
  }

  /** PUT /api/user/verify-email: a fresh verification email; unknown or verified addresses change nothing. */
  async resendVerificationEmail(email: string): Promise<void> {
    await this.call((client) => client.resendEmailVerificationWithApplicationTemplate(this.applicationId, email));
  }

  /** POST /api/user/verify-registration: false when the verificationId is unknown, used or expired. */
  async verifyRegistration(verificationId: string): Promise<boolean> {
    const answer = await this.call((client) => client.verifyUserRegistration({ verificationId }));
    return answer.statusCode === 200;
  }

  /** PUT /api/user/verify-registration: a fresh link; unknown, unregistered or confirmed addresses change nothing. */
  async resendRegistrationVerification(email: string): Promise<void> {
    await this.call((client) => client.resendRegistrationVerification(email, this.applicationId));
  }
}

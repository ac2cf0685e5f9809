/**
 * The Login API's decision, as a tagged union mapped to status codes in one place
 * (https://fusionauth.io/docs/apis/login). 203 (change password), 212 (email not
 * verified), 213 (registration not verified) and 242 (two-factor) are `kind`s checked in
 * `checkLoginPolicies`.
 */
import type { DevServerContext } from '../context.ts';
import { burnPasswordCheck, verifyPassword } from '../passwords.ts';
import type { Registration, StoredApplication, StoredUser } from '../state/model.ts';
import { findUserByLoginId, type LoginIdType } from './lookup.ts';
import { tenantVerifiesEmail } from './email-verification.ts';
import { applicationVerifiesRegistrations } from './registration-verification.ts';
import { registrationFor } from './registrations.ts';
import { hasTwoFactor } from './two-factor.ts';

export type LoginOutcome =
  | { kind: 'ok'; user: StoredUser; application?: StoredApplication; registration?: Registration }
  | { kind: 'not-registered'; user: StoredUser; application: StoredApplication }
  | { kind: 'two-factor'; user: StoredUser; application?: StoredApplication }
  | { kind: 'change-password'; user: StoredUser; reason: 'Administrative' }
  | { kind: 'verify-email'; user: StoredUser }
  | { kind: 'registration-unverified'; user: StoredUser }
  | { kind: 'not-found' }
  | { kind: 'locked' }
  | { kind: 'expired' };

/** The HTTP status FusionAuth answers for each outcome. */
export const LOGIN_STATUS: Record<LoginOutcome['kind'], number> = {
  ok: 200,
  'not-registered': 202,
  'two-factor': 242,
  'change-password': 203,
  'verify-email': 212,
  'registration-unverified': 213,
  'not-found': 404,
  locked: 423,
  expired: 410,
};

export interface LoginAttempt {
  loginId: string;
  password: string;
  tenantId: string | undefined;
  /** What `loginId` is compared with; email and username unless the Login API's `loginIdTypes` says otherwise. */
  loginIdTypes?: readonly LoginIdType[];
  application: StoredApplication | undefined;
}

/**
 * Checks the credentials. An unknown login id and a wrong password are the same outcome (404), and
 * cost the same time. A deactivated user is `locked` (423) (reported by FusionAuth users, not documented: docs/differences-from-fusionauth.md).
 */
export async function authenticate(context: DevServerContext, attempt: LoginAttempt): Promise<LoginOutcome> {
  const tenantId = attempt.tenantId ?? attempt.application?.tenantId;
  const user = findUserByLoginId(context, tenantId, attempt.loginId, attempt.loginIdTypes);
  const matches = user?.hash
    ? await verifyPassword(attempt.password, user.hash)
    : await burnPasswordCheck(attempt.password, context.passwordFactor);
  if (!user || !matches) return { kind: 'not-found' };
  if (!user.active) return { kind: 'locked' };
  const expiry = user.profile.expiry;
  if (typeof expiry === 'number' && expiry <= context.now()) return { kind: 'expired' };
  return checkLoginPolicies(context, user, attempt.application);
}

/**
 * The checks that follow valid credentials, in FusionAuth's order: two-factor (242; skipped once the
 * second factor is done), password change (203), email verification (212), then the registration
 * (202 without one, 213 while it is unverified). A
 * step-up (a twoFactorId from the Two-Factor Start API) proves the second factor for an action such
 * as a password change, not a sign-in: only the 202 registration check applies (guessed; see
 * docs/differences-from-fusionauth.md).
 */
export function checkLoginPolicies(
  context: DevServerContext,
  user: StoredUser,
  application: StoredApplication | undefined,
  options: { secondFactorDone?: boolean; stepUp?: boolean } = {},
): LoginOutcome {
  if (!options.stepUp) {
    if (!options.secondFactorDone && hasTwoFactor(user)) return { kind: 'two-factor', user, application };
    if (user.passwordChangeRequired) return { kind: 'change-password', user, reason: 'Administrative' };
    if (!user.verified && tenantVerifiesEmail(context, user.tenantId)) return { kind: 'verify-email', user };
  }
  if (!application) return { kind: 'ok', user };
  const registration = registrationFor(user, application.id);
  if (!registration) return { kind: 'not-registered', user, application };
  if (!options.stepUp && !registration.verified && applicationVerifiesRegistrations(application))
    return { kind: 'registration-unverified', user };
  return { kind: 'ok', user, application, registration };
}

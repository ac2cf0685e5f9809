import type { User } from '@fusionauth/typescript-client';

/** The role that bars a registered user from the app while keeping the user and the registration. */
export const DEACTIVATED_ROLE = 'deactivated';

export type AccessDecision =
  { allowed: true } | { allowed: false; reason: 'inactive' | 'not-registered' | 'deactivated' };

/**
 * Whether `user` may use the application: the user is active and has a registration for it whose
 * roles do not include `deactivated` (the original example's rule). Applied at every login and
 * every recheck, so nothing lets a deleted or barred user back in.
 */
export function checkApplicationAccess(user: User, applicationId: string): AccessDecision {
  if (user.active === false) return { allowed: false, reason: 'inactive' };
  const registration = user.registrations?.find((r) => r.applicationId === applicationId);
  if (!registration) return { allowed: false, reason: 'not-registered' };
  if (registration.roles?.includes(DEACTIVATED_ROLE)) return { allowed: false, reason: 'deactivated' };
  return { allowed: true };
}

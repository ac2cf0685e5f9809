import type { User } from '@fusionauth/typescript-client';
import type { AppContext } from '../app-context.ts';
import { DEACTIVATED_ROLE } from '../fusionauth/application-access.ts';
import { invalidateUserSessions } from '../revocation/end-sessions.ts';
import type { RevocationNote } from '../sessions/revocation-note.ts';

/**
 * What an admin can do to a user of this application. Each one changes FusionAuth first, then ends the
 * app's sessions itself rather than waiting for the webhook, which may be off or late.
 */
export type AdminAction = 'sign-out-everywhere' | 'deactivate' | 'reactivate' | 'delete';

/**
 * The user's sessions here and this app's refresh tokens by user + application (never by application
 * alone). This app's admin acts for this app only: the user's FusionAuth SSO sessions, and so their
 * other Acme apps, stay; each ended session here is remembered as revoked, so its browser's next
 * sign-in here asks for the password (`prompt=login`) instead of riding on the SSO session.
 */
export async function signOutEverywhere(
  ctx: AppContext,
  userId: string,
  reason = 'admin: sign out everywhere',
  note: RevocationNote = { cause: 'admin' },
): Promise<void> {
  // The app's sessions first: the revocation's webhook, which may arrive before FusionAuth answers,
  // then finds them gone instead of telling their browsers a vaguer cause than `note`.
  ctx.metrics.sessionsEnded.inc({ reason: 'admin' }, await invalidateUserSessions(ctx, userId, reason, note));
  await ctx.fusionAuth.revocation.revokeUserRefreshTokens(userId);
}

/**
 * Bars the user from this app and keeps the account: adds `deactivated` to the registration, so no
 * login or recheck lets them back in and registering again with their email is refused. Their other
 * applications keep working; an SSO sign-in to this one is refused by the same role check.
 */
export async function deactivateForApplication(ctx: AppContext, userId: string): Promise<boolean> {
  if (!(await ctx.fusionAuth.users.addRegistrationRole(userId, DEACTIVATED_ROLE))) return false;
  await signOutEverywhere(ctx, userId, 'admin: deactivated for this app', { cause: 'deactivated' });
  return true;
}

/** Lifts the app's `deactivated` role and, if FusionAuth soft-deleted the user, reactivates them. */
export async function reactivate(ctx: AppContext, user: User & { id: string }): Promise<boolean> {
  if (!(await ctx.fusionAuth.users.removeRegistrationRole(user.id, DEACTIVATED_ROLE))) return false;
  if (user.active === false && !(await ctx.fusionAuth.users.reactivateUser(user.id))) return false;
  ctx.users.forget(user.id);
  return true;
}

/** Deletes the user from FusionAuth for good (hard delete), then their sessions here. */
export async function deletePermanently(ctx: AppContext, userId: string): Promise<boolean> {
  const deleted = await ctx.fusionAuth.users.deleteUser(userId);
  ctx.metrics.sessionsEnded.inc(
    { reason: 'admin' },
    await invalidateUserSessions(ctx, userId, 'admin: deleted', { cause: 'deleted' }),
  );
  return deleted;
}

import { DEACTIVATED_ROLE } from '../fusionauth/application-access.ts';
import { endSessionsHoldingRefreshToken, invalidateUserSessions, type SessionKillContext } from './end-sessions.ts';
import type { WebhookEvent } from './webhook-event.ts';
import type { RevocationCause } from '../sessions/revocation-note.ts';

export interface WebhookHandlerContext extends SessionKillContext {
  /** This app's application id: registration events of other applications change nothing here. */
  applicationId: string;
}

/** What a handler did, for the log. */
export type WebhookOutcome = 'sessions-ended' | 'user-forgotten' | 'ignored' | 'malformed';

/**
 * Acts on one verified event. Revocations end sessions through the per-user index; a change to the
 * user only drops the cached copy, so the next request re-reads it. Handlers never call FusionAuth:
 * its change is not committed while the webhook runs (https://fusionauth.io/docs/extend/events-and-webhooks/writing-a-webhook).
 */
export async function handleWebhookEvent(ctx: WebhookHandlerContext, event: WebhookEvent): Promise<WebhookOutcome> {
  switch (event.type) {
    case 'user.delete':
    case 'user.deactivate':
      return endUserSessions(ctx, event, event.type, event.type === 'user.delete' ? 'deleted' : 'deactivated');
    case 'user.registration.delete':
      return isOurs(ctx, event) ? endUserSessions(ctx, event, event.type, 'deleted') : 'ignored';
    case 'user.registration.update':
      return onRegistrationUpdate(ctx, event);
    case 'jwt.refresh-token.revoke':
      return onRefreshTokenRevoke(ctx, event);
    case 'user.update':
    case 'user.reactivate':
      return forgetUser(ctx, event);
    default:
      return 'ignored';
  }
}

function isOurs(ctx: WebhookHandlerContext, event: WebhookEvent): boolean {
  return event.applicationId === ctx.applicationId;
}

async function endUserSessions(
  ctx: WebhookHandlerContext,
  event: WebhookEvent,
  reason: string,
  cause: RevocationCause,
): Promise<WebhookOutcome> {
  if (!event.userId) return 'malformed';
  ctx.metrics.sessionsEnded.inc(
    { reason: 'webhook' },
    await invalidateUserSessions(ctx, event.userId, `webhook ${reason}`, { cause }, event.createInstant),
  );
  return 'sessions-ended';
}

function forgetUser(ctx: WebhookHandlerContext, event: WebhookEvent): WebhookOutcome {
  if (!event.userId) return 'malformed';
  ctx.users.forget(event.userId);
  return 'user-forgotten';
}

/** Barred from this app (`deactivated` added): out now. Any other role change: re-read the user. */
function onRegistrationUpdate(
  ctx: WebhookHandlerContext,
  event: WebhookEvent,
): Promise<WebhookOutcome> | WebhookOutcome {
  if (!isOurs(ctx, event)) return 'ignored';
  if (event.roles?.includes(DEACTIVATED_ROLE))
    return endUserSessions(ctx, event, 'user.registration.update (deactivated)', 'deactivated');
  return forgetUser(ctx, event);
}

/**
 * By scope (https://fusionauth.io/docs/extend/events-and-webhooks/events/jwt-refresh-token-revoke): one token ends the sessions holding it
 * (or signed in through it, when it was a FusionAuth SSO session: "sign out of all" in any app); all of a
 * user's tokens (for every application, or for this one) end all of the user's sessions; all of this
 * application's tokens (no user named) end every session begun before the event, on every instance.
 */
async function onRefreshTokenRevoke(ctx: WebhookHandlerContext, event: WebhookEvent): Promise<WebhookOutcome> {
  if (event.refreshTokenId) {
    if (!event.userId) return 'malformed';
    ctx.metrics.sessionsEnded.inc(
      { reason: 'webhook' },
      await endSessionsHoldingRefreshToken(ctx, event.userId, event.refreshTokenId),
    );
    return 'sessions-ended';
  }
  if (event.applicationId && !isOurs(ctx, event)) return 'ignored';
  if (event.userId) return endUserSessions(ctx, event, 'jwt.refresh-token.revoke', 'identity-provider');
  if (!event.applicationId) return 'malformed';
  await ctx.sessions.revokeAllBefore(event.createInstant);
  ctx.log.warn(
    { before: new Date(event.createInstant).toISOString() },
    "every session ended: FusionAuth revoked all of this application's refresh tokens",
  );
  return 'sessions-ended';
}

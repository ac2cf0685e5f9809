/**
 * One-off identifiers with an expiry: `changePasswordId`, email and registration `verificationId`, a login's
 * `twoFactorId`, the `oneTimePassword` a password change hands back, the `trustToken` a two-factor
 * login hands back and the challenges of WebAuthn ceremonies. Lifetimes come from the tenant's `externalIdentifierConfiguration` with
 * FusionAuth's defaults (https://fusionauth.io/docs/apis/tenants).
 */
import { randomBytes } from 'node:crypto';
import { stateOf, type DevServerContext } from '../context.ts';
import type { JsonObject, PendingId } from '../state/model.ts';
import { objectAt } from './settings.ts';

type Kind = PendingId['kind'];

const TTL: Record<Kind, { setting: string; defaultSeconds: number }> = {
  'change-password': { setting: 'changePasswordIdTimeToLiveInSeconds', defaultSeconds: 600 },
  'email-verification': { setting: 'emailVerificationIdTimeToLiveInSeconds', defaultSeconds: 86_400 },
  'registration-verification': { setting: 'registrationVerificationIdTimeToLiveInSeconds', defaultSeconds: 86_400 },
  'two-factor': { setting: 'twoFactorIdTimeToLiveInSeconds', defaultSeconds: 300 },
  'one-time-password': { setting: 'oneTimePasswordTimeToLiveInSeconds', defaultSeconds: 60 },
  'trust-token': { setting: 'trustTokenTimeToLiveInSeconds', defaultSeconds: 180 },
  'webauthn-registration': { setting: 'webAuthnRegistrationChallengeTimeToLiveInSeconds', defaultSeconds: 180 },
  'webauthn-authentication': { setting: 'webAuthnAuthenticationChallengeTimeToLiveInSeconds', defaultSeconds: 180 },
};

function ttlSeconds(context: DevServerContext, tenantId: string, kind: Kind): number {
  const config = objectAt(stateOf(context).tenants[tenantId]?.config, 'externalIdentifierConfiguration');
  const value = config[TTL[kind].setting];
  return typeof value === 'number' && value > 0 ? value : TTL[kind].defaultSeconds;
}

/**
 * Issues a fresh id of `kind` for the user (256 random bits, URL-safe). With `replace`, the user's
 * earlier ids of that kind stop working: only the latest reset or verification link is live.
 */
export function issuePendingId(
  context: DevServerContext,
  kind: Kind,
  user: { id: string; tenantId: string },
  data: JsonObject = {},
  replace = false,
): PendingId {
  if (replace) removePendingIds(context, user.id, kind);
  const now = context.now();
  const pending: PendingId = {
    id: randomBytes(32).toString('base64url'),
    kind,
    userId: user.id,
    createInstant: now,
    expiresInstant: now + ttlSeconds(context, user.tenantId, kind) * 1000,
    data,
  };
  stateOf(context).pendingIds[pending.id] = pending;
  context.store.changed();
  return pending;
}

/** The live id of `kind`, or undefined when unknown, of another kind, or expired (then it is dropped). */
export function findPendingId(context: DevServerContext, kind: Kind, id: string | undefined): PendingId | undefined {
  if (!id) return undefined;
  const pending = stateOf(context).pendingIds[id];
  if (!pending || pending.kind !== kind) return undefined;
  if (pending.expiresInstant <= context.now() || !stateOf(context).users[pending.userId]) {
    delete stateOf(context).pendingIds[id];
    context.store.changed();
    return undefined;
  }
  return pending;
}

/** Uses the id up: it never works again. */
export function consumePendingId(context: DevServerContext, pending: PendingId): void {
  delete stateOf(context).pendingIds[pending.id];
  context.store.changed();
}

/** Drops the user's ids (of one kind, or all of them). */
export function removePendingIds(context: DevServerContext, userId: string, kind?: Kind): void {
  const ids = stateOf(context).pendingIds;
  for (const [id, pending] of Object.entries(ids)) {
    if (pending.userId === userId && (!kind || pending.kind === kind)) delete ids[id];
  }
  context.store.changed();
}

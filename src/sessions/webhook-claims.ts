import type { LockService, ReleaseLock } from './lock-service.ts';

/**
 * Webhook de-duplication: FusionAuth may deliver an event more than once (retries, several
 * instances behind one URL), so each event id is claimed before it is handled.
 */
export interface WebhookClaims {
  /** Claims `eventId` for `ttlMs`; null when it was claimed already. Release to let a redelivery in. */
  claim(eventId: string, ttlMs: number): Promise<ReleaseLock | null>;
}

/** Claims kept as locks of the backend: with Redis, an event is handled once across every instance and restart. */
export function webhookClaimsOver(locks: LockService): WebhookClaims {
  return { claim: (eventId, ttlMs) => locks.acquireLock(`webhook-event:${eventId}`, ttlMs) };
}

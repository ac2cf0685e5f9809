/**
 * What every part of the dev server shares: the state store, the event bus and a few settings.
 *
 * Only four layers touch the state (`stateOf`, `store.state`): `domain/` (every lookup and every change,
 * which it persists with `store.changed()` and, where FusionAuth sends one, announces as an event), `state/` (the store itself),
 * `kickstart/` (filling a fresh state) and `tokens/` (signing keys and token checks). Route handlers
 * (`api/`, `oauth/`, `mailbox/`) and the `http/` and `webhooks/` helpers call domain functions instead;
 * test/package/state-access.test.ts fails when a handler does otherwise.
 */
import type { MailRelay } from './mailbox/smtp-relay.ts';
import type { DomainEvents } from './domain/events.ts';
import type { StateStore } from './state/store.ts';
import type { State } from './state/model.ts';

export interface DevServerContext {
  readonly store: StateStore;
  readonly events: DomainEvents;
  readonly passwordFactor: number;
  /** The clock, epoch ms: tests share theirs with the app to move time without sleeping. */
  readonly now: () => number;
  /** The server's base URL, known once it listens: the default token issuer. */
  baseUrl: string;
  /**
   * Login ids (`tenantId:email:x`, `tenantId:username:x`) of users being created right now: reserved
   * before the async password hash, so parallel creates of one email give exactly one success.
   */
  readonly pendingLoginIds: Set<string>;
  /** Also sends each mailbox message over SMTP (IDP_SMTP_URL), when set. */
  readonly relayMail?: MailRelay;
}

/** The live state: for `domain/`, `state/`, `kickstart/` and `tokens/` only (see above). */
export function stateOf(context: DevServerContext): State {
  return context.store.state;
}

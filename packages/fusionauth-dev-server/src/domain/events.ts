/**
 * The internal event bus. Every user, registration and refresh-token mutation in the domain layer
 * emits one of these, named and shaped like FusionAuth's webhook events (https://fusionauth.io/docs/extend/events-and-webhooks/events),
 * so webhook delivery can later subscribe here and wrap each in `{"event": …}`.
 * Nothing is delivered yet; listeners run synchronously and must not throw.
 */
import { randomUUID } from 'node:crypto';
import type { Json, JsonObject } from '../state/model.ts';

export type DomainEventType =
  | 'user.create'
  | 'user.update'
  | 'user.delete'
  | 'user.deactivate'
  | 'user.reactivate'
  | 'user.login.success'
  | 'user.registration.create'
  | 'user.registration.update'
  | 'user.registration.delete'
  | 'jwt.refresh'
  | 'jwt.refresh-token.revoke';

/** A FusionAuth-style event: `id` for deduplication, `createInstant` in ms, the type's own fields. */
export interface DomainEvent {
  id: string;
  type: DomainEventType;
  createInstant: number;
  tenantId: string;
  /** The event's own fields (`user`, `original`, `applicationId`, `registration`, `refreshToken`…). */
  fields: { [key: string]: Json | undefined };
}

export type DomainEventListener = (event: DomainEvent) => void;

export interface DomainEvents {
  on(listener: DomainEventListener): () => void;
  emit(type: DomainEventType, tenantId: string, fields: DomainEvent['fields']): DomainEvent;
}

/** Creates an event bus. `on` returns an unsubscribe function. */
export function createDomainEvents(now: () => number = Date.now): DomainEvents {
  const listeners = new Set<DomainEventListener>();
  return {
    on(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    emit(type, tenantId, fields) {
      const event: DomainEvent = { id: randomUUID(), type, createInstant: now(), tenantId, fields };
      for (const listener of listeners) listener(event);
      return event;
    },
  };
}

/** The event as FusionAuth would post it, for a future webhook sender. */
export function toWebhookBody(event: DomainEvent): { event: JsonObject } {
  const body: JsonObject = {
    id: event.id,
    type: event.type,
    createInstant: event.createInstant,
    tenantId: event.tenantId,
  };
  for (const [key, value] of Object.entries(event.fields)) if (value !== undefined) body[key] = value;
  return { event: body };
}

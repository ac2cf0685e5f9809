/**
 * FusionAuth webhook bodies (https://fusionauth.io/docs/extend/events-and-webhooks/events): `{"event":{id, type, createInstant,
 * tenantId, …}}`, read into the few fields the app acts on. Anything that is not that shape is null.
 */

/** The fields of an event the handlers use; every other field is ignored. */
export interface WebhookEvent {
  id: string;
  type: string;
  /** Epoch ms. */
  createInstant: number;
  /** `user.id` of user and registration events. */
  userId: string | undefined;
  /** `registration.applicationId`, else the event's `applicationId`. */
  applicationId: string | undefined;
  /** `registration.roles` of registration events. */
  roles: string[] | undefined;
  /** `refreshToken.id` when a single refresh token was revoked. */
  refreshTokenId: string | undefined;
}

type JsonRecord = Record<string, unknown>;

function record(value: unknown): JsonRecord | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Reads a raw webhook body; null when it is not JSON or not a FusionAuth event. */
export function parseWebhookEvent(rawBody: Buffer): WebhookEvent | null {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return null;
  }
  const event = record(record(body)?.event);
  const id = text(event?.id);
  const type = text(event?.type);
  if (!event || !id || !type || typeof event.createInstant !== 'number') return null;
  const registration = record(event.registration);
  const refreshToken = record(event.refreshToken);
  const roles = registration?.roles;
  return {
    id,
    type,
    createInstant: event.createInstant,
    userId: text(record(event.user)?.id) ?? text(event.userId) ?? text(refreshToken?.userId),
    applicationId: text(registration?.applicationId) ?? text(event.applicationId),
    roles: Array.isArray(roles) ? roles.filter((role): role is string => typeof role === 'string') : undefined,
    refreshTokenId: text(refreshToken?.id),
  };
}

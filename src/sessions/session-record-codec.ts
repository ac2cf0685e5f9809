/**
 * Serialisation of session records for stores that keep them as text (file, Redis). Parsing
 * checks the fields every store relies on, so a corrupt or foreign entry is recognised as such.
 */
import type { SessionRecord } from './session-store.ts';

/** The record as stored text. */
export function encodeSessionRecord(session: SessionRecord): string {
  return JSON.stringify(session);
}

/** The record stored as `text`, or null when the text is not a session record we wrote. */
export function decodeSessionRecord(text: string): SessionRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return isSessionRecord(value) ? value : null;
}

function isSessionRecord(value: unknown): value is SessionRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.id === 'string' &&
    (typeof record.userId === 'string' || record.userId === null) &&
    typeof record.csrfSecret === 'string' &&
    ['createdAt', 'lastSeenAt', 'absoluteExpiresAt', 'expiresAt'].every((field) => typeof record[field] === 'number')
  );
}

/** Whether the session is past its `expiresAt` at `now` (epoch ms). */
export function isExpired(session: SessionRecord, now: number): boolean {
  return session.expiresAt <= now;
}

/** Builders shared by the session-store tests: keys, records, a recording logger, polling. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SessionRecord } from '../../src/sessions/session-store.ts';
import type { StoreLogger } from '../../src/sessions/store-logger.ts';

/** A fresh storage key shaped like the app's: the SHA-256 hex of a random token. */
export function newSessionKey(): string {
  return createHash('sha256').update(randomBytes(32)).digest('hex');
}

/** A live session (one hour left) for `userId`, with any field overridden. */
export function makeSession(userId: string | null, overrides: Partial<SessionRecord> = {}): SessionRecord {
  const now = Date.now();
  return {
    id: randomBytes(16).toString('base64url'),
    userId,
    createdAt: now,
    lastSeenAt: now,
    absoluteExpiresAt: now + 3_600_000,
    expiresAt: now + 3_600_000,
    csrfSecret: randomBytes(18).toString('base64url'),
    ...overrides,
  };
}

/** A session whose `expiresAt` has already passed. */
export function makeExpiredSession(userId: string | null): SessionRecord {
  return makeSession(userId, { expiresAt: Date.now() - 1_000 });
}

/** A user id nobody else in the test run uses. */
export function newUserId(): string {
  return randomUUID();
}

/** A logger that keeps its warnings so tests can read them. */
export function recordingLogger(): StoreLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, warn: (_obj, msg) => void warnings.push(msg) };
}

/** Polls `condition` every 20 ms until it holds, failing after `timeoutMs`. */
export async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition still false after ${timeoutMs} ms`);
    await sleep(20);
  }
}

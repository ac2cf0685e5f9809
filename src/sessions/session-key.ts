/**
 * Validation of storage keys. Keys are hashes of cookie tokens (hex or base64url), and the file
 * store turns them into file names, so anything else is refused before it can reach a path.
 */
import { AppError } from '../errors.ts';

// Hex (64 chars for SHA-256) and base64url (43) both fit; no dot or slash can ever pass.
const SESSION_KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** Whether `key` has the shape of a session key (usable as a file name as it is). */
export function isSessionKey(key: string): boolean {
  return SESSION_KEY_PATTERN.test(key);
}

/** Throws SESSION_KEY_INVALID unless `key` has the shape of a session key. */
export function assertSessionKey(key: string): void {
  if (!isSessionKey(key))
    throw new AppError('SESSION_KEY_INVALID', 'session key must be 16-128 hex or base64url characters');
}

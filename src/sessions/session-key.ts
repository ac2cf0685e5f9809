/**
 * Validation of storage keys. Keys are hashes of cookie tokens (hex or base64url), and the file
 * store turns them into file names, so anything else is refused before it can reach a path.
 */

/** Stable code of {@link InvalidSessionKeyError}. */
export const SESSION_KEY_INVALID = 'SESSION_KEY_INVALID';

// Hex (64 chars for SHA-256) and base64url (43) both fit; no dot or slash can ever pass.
const SESSION_KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** Thrown when a caller passes something that cannot be a session key: a bug, not a lookup miss. */
export class InvalidSessionKeyError extends Error {
  readonly code = SESSION_KEY_INVALID;

  constructor() {
    super('session key must be 16-128 hex or base64url characters');
    this.name = 'InvalidSessionKeyError';
  }
}

/** Whether `key` has the shape of a session key (usable as a file name as it is). */
export function isSessionKey(key: string): boolean {
  return SESSION_KEY_PATTERN.test(key);
}

/** Throws {@link InvalidSessionKeyError} unless `key` has the shape of a session key. */
export function assertSessionKey(key: string): void {
  if (!isSessionKey(key)) throw new InvalidSessionKeyError();
}

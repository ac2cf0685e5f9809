/**
 * The one fault a session store reports: it cannot answer right now (Redis down, disk failing).
 * Callers must fail closed on it (503), never read it as "no session".
 */

/** Stable code carried by {@link SessionStoreUnavailableError}; map it to HTTP 503. */
export const SESSION_STORE_UNAVAILABLE = 'SESSION_STORE_UNAVAILABLE';

/** Thrown when the store cannot serve a request; the original failure is kept as `cause`. */
export class SessionStoreUnavailableError extends Error {
  readonly code = SESSION_STORE_UNAVAILABLE;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SessionStoreUnavailableError';
  }
}

/**
 * The app's one error type for real faults, with stable codes. Expected outcomes (a wrong password,
 * an unknown session) are values, not errors; web/error-pages.ts holds the one table from these
 * codes to the HTTP status and the page a person sees.
 */
export type AppErrorCode =
  /** An environment variable is missing or wrong; the message starts with its name. Start-up only. */
  | 'CONFIG_INVALID'
  /** FusionAuth did not answer, answered 5xx, or answered too late. */
  | 'FUSIONAUTH_UNAVAILABLE'
  /** FusionAuth answered with a status or body its documentation does not give for this call. */
  | 'FUSIONAUTH_UNEXPECTED_RESPONSE'
  /** The session store cannot answer right now (Redis down, disk failing): fail closed, never "no session". */
  | 'SESSION_STORE_UNAVAILABLE'
  /** Something that cannot be a session key reached a store: a bug, not a lookup miss. */
  | 'SESSION_KEY_INVALID'
  | 'CSRF_REJECTED'
  | 'RATE_LIMITED';

export class AppError extends Error {
  readonly code: AppErrorCode;

  constructor(code: AppErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}

/** The fault of a bad configuration: `variable: problem`, so the message names what to fix. */
export function configError(variable: string, problem: string): AppError {
  return new AppError('CONFIG_INVALID', `${variable}: ${problem}`);
}

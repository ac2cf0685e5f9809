/**
 * The app's one error type for real faults, with stable codes. Expected outcomes (a wrong password,
 * an unknown session) are values, not errors; web/error-pages.ts is the one place that maps these
 * codes to an HTTP status and the page a person sees.
 */
export type AppErrorCode =
  | 'FUSIONAUTH_UNAVAILABLE'
  | 'FUSIONAUTH_UNEXPECTED_RESPONSE'
  | 'CSRF_REJECTED'
  | 'RATE_LIMITED'
  | 'NOT_FOUND'
  | 'FORBIDDEN';

export class AppError extends Error {
  readonly code: AppErrorCode;

  constructor(code: AppErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}

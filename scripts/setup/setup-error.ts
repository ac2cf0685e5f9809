/** The one error type of the setup command: a stable code and a message a person can act on. */

export type SetupErrorCode =
  | 'BAD_ARGUMENT'
  | 'UNREACHABLE'
  | 'NOT_FUSIONAUTH'
  | 'API_KEY_REJECTED'
  | 'PERMISSION_DENIED'
  | 'FUSIONAUTH_ERROR'
  | 'CONFLICT';

export class SetupError extends Error {
  readonly code: SetupErrorCode;

  constructor(code: SetupErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SetupError';
    this.code = code;
  }
}

import type { Errors, LoginResponse } from '@fusionauth/typescript-client';
import { AppError } from '../errors.ts';
import type { FusionAuthAnswer } from './call-fusionauth.ts';
import { toLoginOutcome, type LoginOutcome } from './login-outcome.ts';

/** The Change Password API's answers (https://fusionauth.io/docs/apis/users/change-password) as a value. */
export type PasswordChangeOutcome =
  | { kind: 'ok'; oneTimePassword: string | undefined }
  /** The changePasswordId is unknown, used or expired — or the current password is wrong. */
  | { kind: 'not-found' }
  | { kind: 'wrong-password' }
  | { kind: 'rejected-password'; message: string }
  /** The user has two-factor on: FusionAuth wants a trustToken from a fresh code first (400 `[TrustTokenRequired]`). */
  | { kind: 'needs-two-factor' }
  /** Any other 4xx (an access token FusionAuth no longer accepts, a forbidden change): nothing changed. */
  | { kind: 'refused' };

/**
 * Proof of a fresh two-factor code, which FusionAuth asks for before a two-factor user's password
 * changes; `trustChallenge` when the step-up was bound to one.
 */
export interface Trust {
  trustToken: string;
  trustChallenge?: string;
}

/** FusionAuth's answer when a change needs a trustToken: a 400 with the general error `[TrustTokenRequired]`. */
export function needsTrust(errors: Errors | undefined): boolean {
  return errors?.generalErrors?.some((error) => error.code === '[TrustTokenRequired]') ?? false;
}

/** FusionAuth's password-rule codes (`[reason]password`) in plain words. */
const PASSWORD_MESSAGES: Record<string, (limit: string | undefined) => string> = {
  blank: () => 'Enter a new password.',
  tooShort: (limit) => `Password must be at least ${limit ?? 8} characters.`,
  tooLong: () => 'Password is too long.',
  singleCase: () => 'Password must mix upper and lower case letters.',
  onlyAlpha: () => 'Password must contain a character that is not a letter.',
  requireNumber: () => 'Password must contain a number.',
  previouslyUsed: () => 'Choose a password you have not used before.',
  breached: () => 'This password appears in known data breaches; choose another.',
};

/** The first problem with the new password in a 400, in plain words; undefined when none is named. */
export function passwordProblem(errors: Errors | undefined): string | undefined {
  const entry = errors?.fieldErrors?.password?.[0];
  if (!entry) return undefined;
  const reason = /^\[(\w+)\]/.exec(entry.code ?? '')?.[1] ?? '';
  const limit = /\[(\d+)\]/.exec(entry.message ?? '')?.[1];
  return (PASSWORD_MESSAGES[reason] ?? (() => 'This password was not accepted.'))(limit);
}

/** Maps a Change Password answer: 400 is a rejected new password unless it names the current one. */
export function toPasswordChangeOutcome(answer: FusionAuthAnswer<{ oneTimePassword?: string }>): PasswordChangeOutcome {
  if (answer.statusCode === 200) return { kind: 'ok', oneTimePassword: answer.response?.oneTimePassword };
  if (answer.statusCode === 404) return { kind: 'not-found' };
  if (answer.statusCode === 400) {
    if (needsTrust(answer.errors)) return { kind: 'needs-two-factor' };
    const problem = passwordProblem(answer.errors);
    return problem ? { kind: 'rejected-password', message: problem } : { kind: 'wrong-password' };
  }
  if (answer.statusCode >= 400) return { kind: 'refused' };
  throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `Change Password API answered ${answer.statusCode}`);
}

/** The Two-Factor Login API's answers: the Login API's, plus a wrong code (421) and a stale twoFactorId (404). */
export type TwoFactorLoginOutcome = LoginOutcome | { kind: 'wrong-code' } | { kind: 'two-factor-expired' };

/** Maps `POST /api/two-factor/login` (https://fusionauth.io/docs/apis/login#complete-multi-factor-authentication). */
export function toTwoFactorLoginOutcome(answer: FusionAuthAnswer<LoginResponse>): TwoFactorLoginOutcome {
  if (answer.statusCode === 421) return { kind: 'wrong-code' };
  if (answer.statusCode === 404) return { kind: 'two-factor-expired' };
  return toLoginOutcome(answer);
}

/**
 * Changing two-factor settings: 421 is a wrong code; any other 4xx (two-factor not on, a secret
 * FusionAuth will not take, the user gone) is `refused`: the person's request, not an outage.
 */
export type TwoFactorChange<T> = { kind: 'ok'; value: T } | { kind: 'wrong-code' } | { kind: 'refused' };

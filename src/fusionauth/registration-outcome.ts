import type { Errors, RegistrationResponse, User } from '@fusionauth/typescript-client';
import type { FusionAuthAnswer } from './call-fusionauth.ts';
import { toIssuedTokens, type IssuedTokens } from './login-outcome.ts';
import { AppError } from '../errors.ts';

/** The registration form's fields, as FusionAuth's `user.*` paths name them. */
export type RegistrationField = 'email' | 'password' | 'firstName' | 'lastName';

export type RegistrationOutcome =
  | { kind: 'ok'; user: User; tokens: IssuedTokens | undefined }
  /** The application verifies registrations: no sign-in until the emailed link is used (the Login API says 213). */
  | { kind: 'needs-confirmation'; user: User; tokens: IssuedTokens | undefined }
  | { kind: 'invalid'; fieldErrors: Partial<Record<RegistrationField, string>>; generalError?: string };

/** FusionAuth's validation codes (`[reason]user.field`) in plain words. */
const MESSAGES: Record<string, string> = {
  // Also the answer for an account barred from this app (role `deactivated`): it says no more than
  // the duplicate already does, and a barred person learns why only after proving the password at login.
  '[duplicate]user.email':
    'An account with this email already exists. Sign in instead, or contact support if you cannot.',
  '[blank]user.email': 'Enter your email address.',
  '[notEmail]user.email': 'Enter a valid email address, like name@example.com.',
  '[blocked]user.email': 'This email address cannot be used here.',
  '[blank]user.password': 'Enter a password.',
  '[tooShort]user.password': 'Password must be at least 8 characters.',
  '[tooLong]user.password': 'Password is too long.',
  '[singleCase]user.password': 'Password must mix upper and lower case letters.',
  '[onlyAlpha]user.password': 'Password must contain a character that is not a letter.',
  '[requireNumber]user.password': 'Password must contain a number.',
  '[previouslyUsed]user.password': 'Choose a password you have not used before.',
  '[breached]user.password': 'This password appears in known data breaches; choose another.',
};

/** Maps a combined-registration answer to a value; field errors land on the form field they concern. */
export function toRegistrationOutcome(answer: FusionAuthAnswer<RegistrationResponse>): RegistrationOutcome {
  if (answer.statusCode === 200 && answer.response?.user) {
    const kind = answer.response.registration?.verified === false ? 'needs-confirmation' : 'ok';
    return { kind, user: answer.response.user, tokens: toIssuedTokens(answer.response) };
  }
  if (answer.statusCode === 400) return toInvalid(answer.errors);
  throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `Registration API answered ${answer.statusCode}`);
}

function toInvalid(errors: Errors | undefined): RegistrationOutcome {
  const fieldErrors: Partial<Record<RegistrationField, string>> = {};
  let unplaced = false;
  for (const [path, entries] of Object.entries(errors?.fieldErrors ?? {})) {
    const field = formFieldOf(path);
    const code = entries[0]?.code ?? '';
    if (field && !fieldErrors[field]) fieldErrors[field] = MESSAGES[code] ?? 'This value was not accepted.';
    if (!field) unplaced = true;
  }
  const hasGeneral = unplaced || (errors?.generalErrors?.length ?? 0) > 0 || Object.keys(fieldErrors).length === 0;
  return hasGeneral
    ? { kind: 'invalid', fieldErrors, generalError: 'The registration was not accepted. Check the form and try again.' }
    : { kind: 'invalid', fieldErrors };
}

function formFieldOf(path: string): RegistrationField | undefined {
  const name = path.replace(/^user\./, '');
  return (['email', 'password', 'firstName', 'lastName'] as const).find((field) => field === name);
}

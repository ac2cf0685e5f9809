/**
 * The texts FusionAuth's default theme shows for validation errors, keyed as its messages are:
 * `[reason]field` first, then the bare `[reason]` (https://fusionauth.io/docs/customize/look-and-feel/localization).
 */
import type { ErrorCollector } from '../http/errors.ts';

const FIELD_MESSAGES: Record<string, string> = {
  '[blank]loginId': 'Required',
  '[blank]password': 'Required',
  '[blank]passwordConfirm': 'Required',
  '[notEqual]password': "Passwords don't match",
  '[tooShort]password': 'Password does not meet the minimum length requirement',
  '[tooLong]password': 'Password exceeds the maximum length requirement',
  '[singleCase]password': 'Password requires upper and lower case characters',
  '[onlyAlpha]password': 'Password requires a non-alphanumeric character',
  '[requireNumber]password': 'Password requires at least one number',
  '[previouslyUsed]password': 'Password has been recently used',
  '[blank]code': 'Required',
  '[invalid]code': 'Invalid code',
  '[blank]user.email': 'Required',
  '[notEmail]user.email': 'Invalid email',
  '[duplicate]user.email': 'An account already exists for that email',
  '[blank]user.password': 'Required',
  '[tooShort]user.password': 'Password does not meet the minimum length requirement',
  '[tooLong]user.password': 'Password exceeds the maximum length requirement',
  '[singleCase]user.password': 'Password must use upper and lowercase characters',
  '[onlyAlpha]user.password': 'Password must contain a punctuation character',
  '[requireNumber]user.password': 'Password must contain a number character',
  '[blank]user.firstName': 'Required',
  '[blank]user.lastName': 'Required',
};

const REASON_MESSAGES: Record<string, string> = {
  '[blank]': 'Required',
  '[duplicate]': 'Already exists',
  '[invalid]': 'Invalid',
  '[notEmail]': 'Invalid email',
  '[tooLong]': 'Too long',
  '[tooShort]': 'Too short',
  '[missing]': 'Required',
};

/** The general errors the hosted pages show in an error alert. */
export const PAGE_MESSAGES = Object.freeze({
  invalidLogin: 'Invalid login credentials.',
  locked: 'Your account has been locked. Please contact your system administrator.',
  expired: 'Your account has expired. Please contact your system administrator.',
  passwordChangeRequired: 'You must change your password in order to continue.',
  invalidChangePasswordId: 'Your password reset code has expired or is invalid. Please retry your request.',
  invalidEmail: 'FusionAuth was unable to find a user with that email address.',
  forgotPasswordDisabled:
    'Forgot password handling is not enabled. Please contact your system administrator for assistance.',
  twoFactorTimeout: 'You did not complete the two-factor challenge in time. Please restart your request.',
});

/** The theme's text for an API-style error code such as `[tooShort]password`, or `fallback`. */
export function themeMessage(code: string, field: string, fallback: string): string {
  const reason = /^\[\w+\]/.exec(code)?.[0] ?? '';
  return FIELD_MESSAGES[`${reason}${field}`] ?? REASON_MESSAGES[reason] ?? fallback;
}

/**
 * Every message key the hosted pages use, with its text, as a properties file: the `defaultMessages` of the
 * dev server's default theme, and the keys an advanced theme's own `defaultMessages` must hold.
 */
export function themeMessageBundle(): string {
  return Object.entries({ ...FIELD_MESSAGES, ...REASON_MESSAGES })
    .map(([key, text]) => `${key}=${text}`)
    .join('\n');
}

/** Each field's first error from a collector, in the theme's words. */
export function themeFieldErrors(errors: ErrorCollector): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const [field, entries] of Object.entries(errors.toErrors().fieldErrors ?? {})) {
    const entry = entries[0];
    if (entry) messages[field] = themeMessage(entry.code, field, entry.message);
  }
  return messages;
}

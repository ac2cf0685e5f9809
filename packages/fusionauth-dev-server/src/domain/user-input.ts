/**
 * Validation of a `user` object on create and update, with FusionAuth's codes and messages
 * (https://fusionauth.io/docs/apis/users/create; messages as real FusionAuth 400s show them).
 */
import type { DevServerContext } from '../context.ts';
import type { Json, JsonObject } from '../state/model.ts';
import type { ErrorCollector } from '../http/errors.ts';
import { findUserByEmail, findUserByUsername, loginIdKey } from './lookup.ts';
import { hasHiddenCharacter } from './hidden-characters.ts';

/** FusionAuth's default password rules: 8 to 256 characters. */
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 256;
// Deliberately loose, like FusionAuth's: something@something.something.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Profile fields kept as sent and returned unchanged. */
const PROFILE_FIELDS = [
  'firstName',
  'lastName',
  'middleName',
  'fullName',
  'birthDate',
  'imageUrl',
  'mobilePhone',
  'phoneNumber',
  'timezone',
  'preferredLanguages',
  'expiry',
  'parentEmail',
  'twoFactor',
] as const;

export interface UserInput {
  email?: string;
  username?: string;
  password?: string;
  data?: JsonObject;
  profile: JsonObject;
  passwordChangeRequired?: boolean;
}

function text(value: Json | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Reads the documented fields of a `user` object, normalising the email to lower case. */
export function readUserInput(user: JsonObject): UserInput {
  const profile: JsonObject = {};
  for (const field of PROFILE_FIELDS) {
    const value = user[field];
    if (value !== undefined && value !== null) profile[field] = value;
  }
  const data = user.data;
  return {
    email: text(user.email)?.toLowerCase(),
    username: text(user.username),
    password: typeof user.password === 'string' && user.password !== '' ? user.password : undefined,
    data: data !== null && typeof data === 'object' && !Array.isArray(data) ? data : undefined,
    profile,
    passwordChangeRequired: typeof user.passwordChangeRequired === 'boolean' ? user.passwordChangeRequired : undefined,
  };
}

export interface UserValidation {
  /** The server whose users (and login ids being created right now) an email or username must not repeat. */
  server: DevServerContext;
  tenantId: string;
  /** The user being updated, whose own email and username are not duplicates. */
  selfId?: string;
  /** Whether a password must be given (create, unless a set-password email is requested). */
  passwordRequired: boolean;
}

/** Adds every problem with `input` to `errors`, FusionAuth-style, all at once. */
export function validateUserInput(input: UserInput, context: UserValidation, errors: ErrorCollector): void {
  const { server, tenantId, selfId } = context;
  if (!input.email && !input.username) {
    const message =
      'You must specify either the [user.email] or [user.username] property. If you are emailing the user you must specify the [user.email].';
    errors.field('user.email', 'blank', message).field('user.username', 'blank', message);
  }
  if (input.email) {
    const other = findUserByEmail(server, tenantId, input.email);
    if (!EMAIL.test(input.email) || hasHiddenCharacter(input.email)) {
      errors.field('user.email', 'notEmail', 'The [user.email] property is not a valid email address.');
    } else if (
      (other && other.id !== selfId) ||
      server.pendingLoginIds.has(loginIdKey(tenantId, 'email', input.email))
    ) {
      errors.field('user.email', 'duplicate', `A User with email = [${input.email}] already exists.`);
    }
  }
  if (input.username) {
    const other = findUserByUsername(server, tenantId, input.username);
    if (
      (other && other.id !== selfId) ||
      server.pendingLoginIds.has(loginIdKey(tenantId, 'username', input.username))
    ) {
      errors.field('user.username', 'duplicate', `A User with username = [${input.username}] already exists.`);
    }
  }
  validatePassword(input.password, context.passwordRequired, errors);
}

function validatePassword(password: string | undefined, required: boolean, errors: ErrorCollector): void {
  if (password === undefined) {
    if (required) errors.field('user.password', 'blank', 'You must specify the [user.password] property.');
    return;
  }
  if (password.length < PASSWORD_MIN) {
    errors.field(
      'user.password',
      'tooShort',
      `The [user.password] property is shorter than the minimum of [${PASSWORD_MIN}] characters.`,
    );
  } else if (password.length > PASSWORD_MAX) {
    errors.field(
      'user.password',
      'tooLong',
      `The [user.password] property is longer than the maximum of [${PASSWORD_MAX}] characters.`,
    );
  }
}

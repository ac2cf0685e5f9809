/**
 * Every change to a user goes through here, so each one persists and emits its event
 * (user.create, user.update, user.deactivate, user.reactivate, user.delete, user.login.success).
 */
import { randomUUID } from 'node:crypto';
import { stateOf, type DevServerContext } from '../context.ts';
import { ErrorCollector, type Errors } from '../http/errors.ts';
import { hashPassword } from '../passwords.ts';
import type { Registration, StoredApplication, StoredUser } from '../state/model.ts';
import { startEmailVerification, tenantVerifiesEmail } from './email-verification.ts';
import { isUuid, loginIdKey } from './lookup.ts';
import { refreshTokensOf, revokeRefreshTokens } from './refresh-tokens.ts';
import { validateUserInput, type UserInput } from './user-input.ts';
import { credentialsOfUser, deleteCredentials } from './webauthn-credentials.ts';
import type { DomainEvent } from './events.ts';
import { userView } from './views.ts';

/** A validated user whose login ids are reserved until `insertUser` or `release`. */
export interface UserDraft {
  id: string;
  tenantId: string;
  input: UserInput;
  release(): void;
}

export interface DraftOptions {
  id?: string;
  passwordRequired: boolean;
}

/**
 * Validates a new user into `errors` and, when it is valid and nothing else is wrong, reserves its
 * email and username synchronously, before any await, so that a parallel create sees them taken.
 */
export function draftUser(
  context: DevServerContext,
  tenantId: string,
  input: UserInput,
  options: DraftOptions,
  errors: ErrorCollector,
): UserDraft | null {
  const state = stateOf(context);
  const requestedId = options.id;
  if (options.id !== undefined && !isUuid(options.id)) {
    errors.field(
      'userId',
      'couldNotConvert',
      `Invalid userId [${requestedId}]. This must be a valid UUID String (e.g. 25a872da-bb44-4af8-a43d-e7bcb5351ebc).`,
    );
  } else if (options.id && state.users[options.id]) {
    errors.field('userId', 'duplicate', `A User with Id = [${options.id}] already exists.`);
  }
  validateUserInput(input, { server: context, tenantId, passwordRequired: options.passwordRequired }, errors);
  if (!errors.empty) return null;
  const keys = [
    input.email && loginIdKey(tenantId, 'email', input.email),
    input.username && loginIdKey(tenantId, 'username', input.username),
  ].filter((key): key is string => Boolean(key));
  for (const key of keys) context.pendingLoginIds.add(key);
  return {
    id: options.id ?? randomUUID(),
    tenantId,
    input,
    release: () => {
      for (const key of keys) context.pendingLoginIds.delete(key);
    },
  };
}

/** Whether a new user's email is to be verified: `skipVerification` unset, in a tenant that verifies. */
export interface NewUserVerification {
  skipVerification: boolean;
  application?: StoredApplication;
}

/**
 * Hashes the password and stores the user (with any registrations), then emits `user.create`. When the
 * tenant verifies email and `verification.skipVerification` is false, the user starts unverified and
 * is sent a verification email.
 */
export async function insertUser(
  context: DevServerContext,
  draft: UserDraft,
  registrations: Registration[] = [],
  verification: NewUserVerification = { skipVerification: true },
): Promise<StoredUser> {
  try {
    const { input } = draft;
    const hash = input.password === undefined ? undefined : await hashPassword(input.password, context.passwordFactor);
    const now = context.now();
    const verifies =
      !verification.skipVerification && input.email !== undefined && tenantVerifiesEmail(context, draft.tenantId);
    const user: StoredUser = {
      id: draft.id,
      tenantId: draft.tenantId,
      email: input.email,
      username: input.username,
      active: true,
      verified: !verifies,
      insertInstant: now,
      lastUpdateInstant: now,
      lastLoginInstant: now,
      passwordLastUpdateInstant: hash ? now : undefined,
      passwordChangeRequired: input.passwordChangeRequired ?? false,
      hash,
      data: input.data ?? {},
      profile: input.profile,
      registrations,
    };
    // FusionAuth's create responses show lastLoginInstant equal to insertInstant, for the user and the registrations made with it.
    for (const registration of registrations) registration.lastLoginInstant ??= registration.insertInstant;
    stateOf(context).users[user.id] = user;
    context.store.changed();
    context.events.emit('user.create', user.tenantId, { user: userView(user) });
    if (verifies) startEmailVerification(context, user, verification.application, true);
    return user;
  } finally {
    draft.release();
  }
}

/**
 * Replaces a user's fields (PUT semantics; PATCH merges before calling this). The password is kept
 * when none is sent (https://fusionauth.io/docs/apis/users/update). Hashing happens first, validation and the write
 * after it in one synchronous step, so no parallel change slips in between.
 */
export async function replaceUser(
  context: DevServerContext,
  user: StoredUser,
  input: UserInput,
): Promise<{ kind: 'ok'; user: StoredUser } | { kind: 'invalid'; errors: Errors } | { kind: 'gone' }> {
  const hash = input.password === undefined ? undefined : await hashPassword(input.password, context.passwordFactor);
  if (stateOf(context).users[user.id] !== user) return { kind: 'gone' };
  const errors = new ErrorCollector();
  validateUserInput(
    input,
    {
      server: context,
      tenantId: user.tenantId,
      selfId: user.id,
      passwordRequired: false,
    },
    errors,
  );
  if (!errors.empty) return { kind: 'invalid', errors: errors.toErrors() };
  const original = userView(user);
  const now = context.now();
  Object.assign(user, {
    email: input.email,
    username: input.username,
    data: input.data ?? {},
    profile: input.profile,
    lastUpdateInstant: now,
    passwordChangeRequired: input.passwordChangeRequired ?? user.passwordChangeRequired,
  });
  if (hash) Object.assign(user, { hash, passwordLastUpdateInstant: now });
  context.store.changed();
  context.events.emit('user.update', user.tenantId, { user: userView(user), original });
  return { kind: 'ok', user };
}

/** Soft delete: revoke every refresh token first, then `active:false` (reported: docs/differences-from-fusionauth.md). */
export function deactivateUser(context: DevServerContext, user: StoredUser): void {
  revokeRefreshTokens(context, refreshTokensOf(context, { userId: user.id }), { kind: 'user', userId: user.id });
  user.active = false;
  user.lastUpdateInstant = context.now();
  context.store.changed();
  context.events.emit('user.deactivate', user.tenantId, { user: userView(user) });
}

/** Undoes a deactivation (PUT /api/user/{id}?reactivate=true). */
export function reactivateUser(context: DevServerContext, user: StoredUser): void {
  user.active = true;
  user.lastUpdateInstant = context.now();
  context.store.changed();
  context.events.emit('user.reactivate', user.tenantId, { user: userView(user) });
}

/** Hard delete: revoke every refresh token, drop the passkeys, then remove the user and its registrations. */
export function deleteUser(context: DevServerContext, user: StoredUser): void {
  revokeRefreshTokens(context, refreshTokensOf(context, { userId: user.id }), { kind: 'user', userId: user.id });
  deleteCredentials(context, credentialsOfUser(context, user.id));
  delete stateOf(context).users[user.id];
  context.store.changed();
  context.events.emit('user.delete', user.tenantId, { user: userView(user) });
}

/** Sets `lastLoginInstant` on the user (and registration) and emits `user.login.success`. */
export function recordLogin(
  context: DevServerContext,
  user: StoredUser,
  registration: Registration | undefined,
  fields: DomainEvent['fields'],
): void {
  const now = context.now();
  user.lastLoginInstant = now;
  if (registration) registration.lastLoginInstant = now;
  context.store.changed();
  context.events.emit('user.login.success', user.tenantId, { ...fields, user: userView(user) });
}

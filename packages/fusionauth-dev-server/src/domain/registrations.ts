/**
 * Registrations of users to applications: validation and every change, each emitting
 * user.registration.create / .update / .delete (https://fusionauth.io/docs/apis/registrations). Roles are role names and
 * must exist in the application; none given means the application's default roles.
 */
import { randomUUID } from 'node:crypto';
import { stateOf, type DevServerContext } from '../context.ts';
import type { ErrorCollector } from '../http/errors.ts';
import type { Json, JsonObject, Registration, StoredApplication, StoredUser } from '../state/model.ts';
import { isUuid } from './lookup.ts';
import { isUniversal } from './applications.ts';
import { applicationVerifiesRegistrations, startRegistrationVerification } from './registration-verification.ts';
import { registrationView, userView } from './views.ts';

/** Registration fields kept as sent. */
const EXTRA_FIELDS = ['username', 'timezone', 'preferredLanguages', 'authenticationToken'] as const;

/** A validated registration, ready to add or to apply. */
export interface RegistrationDraft {
  application: StoredApplication;
  roles: string[];
  data: JsonObject;
  extra: JsonObject;
  id?: string;
}

function readRoles(value: Json | undefined): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return [...new Set(value.filter((role): role is string => typeof role === 'string'))];
}

/**
 * Validates a `registration` object into `errors` (field names prefixed `registration.`).
 * `tenantId` is the user's tenant: an application of another tenant is not valid for them. On create,
 * no roles means the application's default roles (reported, not documented: docs/differences-from-fusionauth.md).
 */
export function draftRegistration(
  context: DevServerContext,
  tenantId: string,
  input: JsonObject,
  errors: ErrorCollector,
  isCreate = true,
): RegistrationDraft | null {
  const applicationId = input.applicationId;
  if (typeof applicationId !== 'string' || applicationId === '') {
    errors.field('registration.applicationId', 'blank', 'You must specify the [registration.applicationId] property.');
    return null;
  }
  const application = isUuid(applicationId) ? stateOf(context).applications[applicationId] : undefined;
  if (!application || (application.tenantId !== tenantId && !isUniversal(application))) {
    errors.field(
      'registration.applicationId',
      'invalid',
      `The [registration.applicationId] property [${applicationId}] is not a valid Application Id.`,
    );
    return null;
  }
  const requested = readRoles(input.roles) ?? [];
  const known = new Set(application.roles.map((role) => role.name));
  const unknown = requested.filter((role) => !known.has(role));
  if (unknown.length > 0) {
    errors.field(
      'registration.roles',
      'invalid',
      `The [registration.roles] property contains roles [${unknown.join(', ')}] that do not exist in the Application.`,
    );
    return null;
  }
  const roles =
    requested.length > 0 || !isCreate
      ? requested
      : application.roles.filter((role) => role.isDefault).map((role) => role.name);
  const extra: JsonObject = {};
  for (const field of EXTRA_FIELDS)
    if (input[field] !== undefined && input[field] !== null) extra[field] = input[field];
  const data = input.data;
  return {
    application,
    roles,
    extra,
    data: data !== null && typeof data === 'object' && !Array.isArray(data) ? data : {},
    ...(isUuid(input.id) ? { id: input.id } : {}),
  };
}

/**
 * Builds the registration record: verified, unless the application verifies registrations and the
 * request did not ask to skip it (`skipRegistrationVerification`).
 */
export function newRegistration(
  context: DevServerContext,
  draft: RegistrationDraft,
  options: { skipVerification?: boolean } = {},
): Registration {
  const now = context.now();
  const verified = options.skipVerification === true || !applicationVerifiesRegistrations(draft.application);
  return {
    id: draft.id ?? randomUUID(),
    applicationId: draft.application.id,
    roles: draft.roles,
    data: draft.data,
    insertInstant: now,
    lastUpdateInstant: now,
    usernameStatus: 'ACTIVE',
    verified,
    ...(verified ? { verifiedInstant: now } : {}),
    extra: draft.extra,
  };
}

/** After a registration is stored: the verification email, when it starts unverified. */
export function startVerificationIfNeeded(
  context: DevServerContext,
  user: StoredUser,
  registration: Registration,
): void {
  const application = stateOf(context).applications[registration.applicationId];
  if (!registration.verified && application) startRegistrationVerification(context, user, application, true);
}

/** The user's registration for an application, if any. */
export function registrationFor(user: StoredUser, applicationId: string): Registration | undefined {
  return user.registrations.find((registration) => registration.applicationId === applicationId);
}

/** Emits `user.registration.create` for a registration already attached to `user`. */
export function announceRegistration(context: DevServerContext, user: StoredUser, registration: Registration): void {
  context.events.emit('user.registration.create', user.tenantId, {
    applicationId: registration.applicationId,
    registration: registrationView(registration),
    user: userView(user),
  });
}

/** Registers an existing user. */
export function addRegistration(
  context: DevServerContext,
  user: StoredUser,
  draft: RegistrationDraft,
  options: { skipVerification?: boolean } = {},
): Registration {
  const registration = newRegistration(context, draft, options);
  user.registrations.push(registration);
  context.store.changed();
  announceRegistration(context, user, registration);
  startVerificationIfNeeded(context, user, registration);
  return registration;
}

/** Replaces roles, data and the other fields of a registration. */
export function updateRegistration(
  context: DevServerContext,
  user: StoredUser,
  registration: Registration,
  draft: RegistrationDraft,
): Registration {
  const original = registrationView(registration);
  Object.assign(registration, {
    roles: draft.roles,
    data: draft.data,
    extra: draft.extra,
    lastUpdateInstant: context.now(),
  });
  context.store.changed();
  context.events.emit('user.registration.update', user.tenantId, {
    applicationId: registration.applicationId,
    original,
    registration: registrationView(registration),
    user: userView(user),
  });
  return registration;
}

/** Removes a registration. Refresh tokens are kept, as FusionAuth does (docs/differences-from-fusionauth.md, "Registrations and users"). */
export function deleteRegistration(context: DevServerContext, user: StoredUser, registration: Registration): void {
  user.registrations = user.registrations.filter((candidate) => candidate !== registration);
  context.store.changed();
  context.events.emit('user.registration.delete', user.tenantId, {
    applicationId: registration.applicationId,
    registration: registrationView(registration),
    user: userView(user),
  });
}

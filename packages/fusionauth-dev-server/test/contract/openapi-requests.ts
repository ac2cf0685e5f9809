/**
 * The requests of the OpenAPI walk: for each operation of FusionAuth's spec, a request a FusionAuth would answer
 * with its success shape where that is cheap to arrange (real ids of the kickstart's and the walk's own objects,
 * a plausible body), so the walk checks success bodies, not only error bodies.
 */
import { randomUUID } from 'node:crypto';
import { Secret } from 'otpauth';
import type { SpecOperation } from '../support/openapi-spec.ts';
import { PASSWORD, uniqueEmail } from './contract.ts';
import { DEFAULT_THEME_ID, totpNow, type WalkWorld } from './openapi-world.ts';

/** One request of the walk. */
export interface WalkRequest {
  path: string;
  body?: unknown;
  /** An `application/x-www-form-urlencoded` body, for the OAuth endpoints. */
  form?: Record<string, string>;
  /** The Authorization header: the API key, or a JWT as a bearer token, as the spec says; `null` for none. */
  authorization: string | null;
  /** The tenant, for the operations that take `X-FusionAuth-TenantId` (the walk creates more than one). */
  tenantId?: string;
  /** The path's ids when the request creates an object there: to remember, if it succeeds, for its changes. */
  creates?: Record<string, string>;
}

/**
 * The operations by method, reads first and deletions last, these the narrowest first (a registration before
 * its user, one refresh token before all of them).
 */
export function walkOrder(operations: SpecOperation[]): SpecOperation[] {
  const rank = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
  return [...operations].sort(
    (a, b) =>
      rank.indexOf(a.method) - rank.indexOf(b.method) || (a.method === 'DELETE' ? b.path.length - a.path.length : 0),
  );
}

type Overrides = Partial<Pick<WalkRequest, 'body' | 'form' | 'authorization'>> & {
  path?: Record<string, string>;
  query?: Record<string, string>;
};

/** The walk's own objects: the ids of each path template it created one at. */
export type Creations = Map<string, Record<string, string>>;

/**
 * The ids of the walk's own object at `operation`'s path: the one created there, or, for a path with one id, the
 * latest created under that id's name (`/api/key/{keyId}` after `/api/key/generate/{keyId}`).
 */
export function createdIdsFor(operation: SpecOperation, created: Creations): Record<string, string> | undefined {
  const exact = created.get(operation.path);
  const [name, ...others] = operation.pathParameters;
  if (exact || name === undefined || others.length > 0) return exact;
  const latest = [...created].reverse().find(([template]) => template.endsWith(`{${name}}`));
  return latest ? { [name]: latest[1][name] ?? '' } : undefined;
}

/** The latest id the walk created under each name the world has none of (`entityTypeId`, …). */
function createdByName(created: Creations, world: WalkWorld): Record<string, string> {
  const known = idsOf(world);
  return Object.fromEntries(
    [...created.values()].flatMap((ids) => Object.entries(ids)).filter(([name]) => !(name in known)),
  );
}

/**
 * Builds the request for `operation`, on the kickstart's and the walk's world (and the objects the walk
 * created that the world has no kind of), or on the walk's own object (`createdIds`) for the changes and
 * deletions: those never touch the kickstart's.
 */
export function buildRequest(
  operation: SpecOperation,
  world: WalkWorld,
  created: Creations,
  createdIds?: Record<string, string>,
): WalkRequest {
  const overrides = overridesFor(operation, world);
  const ids: Record<string, string> = {
    ...idsOf(world),
    ...createdByName(created, world),
    ...createdIds,
    ...overrides.path,
  };
  const creates = operation.method === 'POST' && createsByLastParameter(operation);
  if (creates) Object.assign(ids, { [operation.pathParameters.at(-1) ?? '']: randomUUID() }, overrides.path);
  let path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(ids[name] ?? randomUUID()));
  const query = new URLSearchParams(overrides.query);
  for (const name of operation.requiredQueryParameters) if (!query.has(name)) query.set(name, ids[name] ?? 'x');
  if (operation.queryParameters.includes('userId') && !query.has('userId')) query.set('userId', world.user.id);
  if (query.size > 0) path += `?${query.toString()}`;
  const body = overrides.body ?? (operation.requestBody ? sampleBody(operation.requestBody, world, ids) : undefined);
  return {
    path,
    authorization:
      overrides.authorization !== undefined
        ? overrides.authorization
        : operation.authorization === 'bearer'
          ? `Bearer ${world.jwt}`
          : world.apiKey,
    ...(creates ? { creates: ids } : {}),
    ...(operation.headerParameters.includes('X-FusionAuth-TenantId') ? { tenantId: world.tenantId } : {}),
    ...(overrides.form ? { form: overrides.form } : body === undefined ? {} : { body }),
  };
}

/**
 * `POST /api/user/{userId}` creates the object its last path parameter names (so do a key's generate and import,
 * and a registration with its user).
 */
function createsByLastParameter(operation: SpecOperation): boolean {
  return (
    operation.path.endsWith('}') && /^(create\w*|generateKey|importKey|register)WithId$/.test(operation.operationId)
  );
}

function idsOf(world: WalkWorld): Record<string, string> {
  return {
    tenantId: world.tenantId,
    applicationId: world.applicationId,
    roleId: world.roleId,
    keyId: world.keyId,
    webhookId: world.webhookId,
    emailTemplateId: world.emailTemplateId,
    themeId: world.themeId,
    userId: world.user.id,
    tokenId: world.refreshTokenId,
    changePasswordId: world.changePasswordId,
    twoFactorId: world.twoFactor.id,
  };
}

/** A combined registration: a new user, registered for the kickstart's application. */
function newRegisteredUser(world: WalkWorld): unknown {
  return {
    user: { email: uniqueEmail('walk'), password: PASSWORD },
    registration: { applicationId: world.applicationId },
  };
}

/** A body of the request schema's shape with the fields FusionAuth requires to succeed; `ids` are the path's. */
function sampleBody(schema: string, world: WalkWorld, ids: Record<string, string>): unknown {
  const name = `walk ${randomUUID()}`;
  switch (schema) {
    case 'UserRequest':
      return { user: { email: uniqueEmail('walk'), password: PASSWORD } };
    case 'RegistrationRequest':
      return { registration: { applicationId: world.applicationId } };
    case 'ApplicationRequest':
      return { application: { name } };
    case 'TenantRequest':
      return { tenant: { name } };
    case 'ThemeRequest':
      return { sourceThemeId: DEFAULT_THEME_ID, theme: { name } };
    case 'KeyRequest':
      return { key: { algorithm: 'RS256', name, length: 2048 } };
    case 'WebhookRequest':
      return { webhook: { url: 'http://127.0.0.1:9/walk', global: false } };
    case 'EmailTemplateRequest':
      return {
        emailTemplate: {
          name,
          defaultSubject: 'Walk',
          defaultHtmlTemplate: '<p>walk</p>',
          defaultTextTemplate: 'walk',
        },
      };
    case 'EntityTypeRequest':
      return { entityType: { name } };
    case 'EntityRequest':
      return { entity: { name, type: { id: ids.entityTypeId ?? randomUUID() } } };
    case 'EntityGrantRequest':
      return { grant: { userId: world.user.id, permissions: [] } };
    case 'LoginRequest':
      return { loginId: world.user.email, password: PASSWORD, applicationId: world.applicationId };
    case 'SearchRequest':
      return { search: { queryString: '*' } };
    case 'ForgotPasswordRequest':
      return { loginId: world.user.email, sendForgotPasswordEmail: false };
    case 'TwoFactorStartRequest':
      return { loginId: world.user.email, applicationId: world.applicationId };
    case 'WebAuthnStartRequest':
    case 'WebAuthnRegisterStartRequest':
      return { userId: world.user.id, applicationId: world.applicationId, workflow: 'general', displayName: 'walk' };
    default:
      return {};
  }
}

/** What a default request gets wrong for an operation: its spent tokens, the other user, a JWT body. */
function overridesFor(operation: SpecOperation, world: WalkWorld): Overrides {
  switch (operation.operationId) {
    case 'exchangeRefreshTokenForJWTWithId':
      return { body: { refreshToken: world.refreshTokens.exchange } };
    case 'createLogout':
      return { body: { refreshToken: world.refreshTokens.logout } };
    case 'deleteJwtRefresh':
      return { query: { userId: world.user.id } };
    case 'retrieveUser':
      return { query: { email: world.user.email } };
    case 'searchUsersByIdsWithId':
      return { query: { ids: world.user.id } };
    case 'retrieveJwtPublicKey':
      return { query: { keyId: world.keyId } };
    case 'twoFactorLoginWithId':
      return { body: { twoFactorId: world.twoFactor.id, code: world.twoFactor.code } };
    case 'enableTwoFactorWithId': {
      const secret = new Secret({ size: 20 });
      return { body: { method: 'authenticator', secretBase32Encoded: secret.base32, code: totpNow(secret.base32) } };
    }
    case 'generateTwoFactorRecoveryCodesWithId':
      return { path: { userId: world.twoFactorUsers.regenerate } };
    case 'deleteUserTwoFactorWithId': {
      const { id, methodId, recoveryCode } = world.twoFactorUsers.disable;
      return { path: { userId: id }, query: { methodId, code: recoveryCode } };
    }
    case 'updateUserVerifyEmail':
      return { query: { email: world.user.email } };
    case 'updateUserVerifyRegistration':
      return { query: { email: world.user.email, applicationId: world.applicationId } };
    case 'issueJWTWithId':
      return { query: { applicationId: world.applicationId } };
    case 'registerWithId':
      return { path: { userId: randomUUID() }, body: newRegisteredUser(world) };
    case 'register':
      return { body: newRegisteredUser(world) };
    case 'createUserChangePassword':
      return {
        authorization: `Bearer ${world.otherUser.jwt}`,
        body: { currentPassword: PASSWORD, password: `${PASSWORD}-2` },
      };
    case 'changePasswordWithId':
      return { body: { password: `${PASSWORD}-3` } };
    case 'retrieveUserChangePassword':
      return { query: { loginId: world.otherUser.email } };
    case 'createApplicationRoleWithId':
    case 'createApplicationRole':
      return { body: { role: { name: `walk-${randomUUID()}` } } };
    case 'updateApplicationRoleWithId':
    case 'patchApplicationRoleWithId':
      return { body: { role: { name: 'user', description: 'walked' } } };
    case 'createEntityTypePermission':
    case 'createEntityTypePermissionWithId':
    case 'updateEntityTypePermissionWithId':
    case 'patchEntityTypePermissionWithId':
      return { body: { permission: { name: `walk-${randomUUID()}` } } };
    case 'importKeyWithId':
    case 'importKey':
      return {
        body: { key: { algorithm: 'HS256', type: 'HMAC', name: `walk ${randomUUID()}`, secret: randomUUID() } },
      };
    case 'updateKeyWithId':
      return { body: { key: { name: `walk ${randomUUID()}` } } };
    case 'createToken':
      return {
        authorization: null,
        form: {
          grant_type: 'refresh_token',
          refresh_token: world.refreshTokens.grant,
          client_id: world.applicationId,
          client_secret: world.clientSecret,
        },
      };
    case 'createIntrospect':
      return {
        authorization: null,
        form: { token: world.jwt, client_id: world.applicationId, client_secret: world.clientSecret },
      };
    default:
      return {};
  }
}

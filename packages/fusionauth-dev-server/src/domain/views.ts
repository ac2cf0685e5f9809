/**
 * Records → FusionAuth's response objects. The password hash and private keys never leave here;
 * field names follow FusionAuth's example payloads (users/response.json, user-registrations/response.json,
 * jwt/refresh-token-get-response.json, applications/response.json).
 */
import type {
  JsonObject,
  RefreshToken,
  Registration,
  SigningKey,
  StoredApplication,
  StoredTenant,
  StoredUser,
} from '../state/model.ts';
import { twoFactorMethodsView } from './two-factor.ts';

/** A registration as FusionAuth returns it. */
export function registrationView(registration: Registration): JsonObject {
  const { extra, ...fields } = registration;
  const view: JsonObject = { ...extra };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) view[key] = value;
  return view;
}

/** A user as FusionAuth returns it; `registrations` left out where FusionAuth leaves them out. */
export function userView(user: StoredUser, withRegistrations = true): JsonObject {
  const view: JsonObject = { ...user.profile };
  const scalar: Array<[string, string | number | boolean | undefined]> = [
    ['id', user.id],
    ['tenantId', user.tenantId],
    ['email', user.email],
    ['username', user.username],
    ['active', user.active],
    ['verified', user.verified],
    ['insertInstant', user.insertInstant],
    ['lastUpdateInstant', user.lastUpdateInstant],
    ['lastLoginInstant', user.lastLoginInstant],
    // Since 1.59 passwordLastUpdateInstant is omitted for a user without a password.
    ['passwordLastUpdateInstant', user.hash ? user.passwordLastUpdateInstant : undefined],
    ['passwordChangeRequired', user.passwordChangeRequired],
    ['usernameStatus', 'ACTIVE'],
  ];
  for (const [key, value] of scalar) if (value !== undefined) view[key] = value;
  view.data = user.data;
  view.memberships = [];
  view.twoFactor = user.twoFactor ? { methods: twoFactorMethodsView(user) } : (view.twoFactor ?? { methods: [] });
  if (withRegistrations) view.registrations = user.registrations.map(registrationView);
  return view;
}

/** An application, with `oauthConfiguration.clientId` always equal to its id as in FusionAuth. */
export function applicationView(application: StoredApplication): JsonObject {
  return {
    ...application.config,
    id: application.id,
    tenantId: application.tenantId,
    name: application.name,
    active: application.active,
    state: application.active ? 'Active' : 'Inactive',
    insertInstant: application.insertInstant,
    lastUpdateInstant: application.lastUpdateInstant,
    roles: application.roles.map((role) => ({ ...role })),
  };
}

/** A tenant. */
export function tenantView(tenant: StoredTenant): JsonObject {
  return {
    ...tenant.config,
    id: tenant.id,
    name: tenant.name,
    insertInstant: tenant.insertInstant,
    lastUpdateInstant: tenant.lastUpdateInstant,
  };
}

/** A refresh token with its `token` value, as GET /api/jwt/refresh returns it. */
export function refreshTokenView(token: RefreshToken): JsonObject {
  const view: JsonObject = {
    id: token.id,
    token: token.token,
    userId: token.userId,
    tenantId: token.tenantId,
    insertInstant: token.insertInstant,
    startInstant: token.startInstant,
    metaData: token.metaData,
    data: token.data,
  };
  if (token.applicationId) view.applicationId = token.applicationId;
  return view;
}

/** A Key Master key: public material only, except an HMAC key's secret, which FusionAuth returns. */
export function keyView(key: SigningKey): JsonObject {
  const view: JsonObject = {
    id: key.id,
    kid: key.kid,
    name: key.name,
    algorithm: key.algorithm,
    type: key.type,
    hasPrivateKey: key.type !== 'HMAC',
    insertInstant: key.insertInstant,
  };
  if (key.type === 'HMAC') view.secret = key.secret ?? '';
  else view.publicKey = key.publicKeyPem;
  if (key.length !== undefined) view.length = key.length;
  return view;
}

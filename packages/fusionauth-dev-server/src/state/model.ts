/**
 * The dev server's persisted state: plain JSON records shaped like FusionAuth's own objects, so a
 * response is mostly a copy of a record minus its secrets.
 * Shapes follow FusionAuth's API docs (apis/users, apis/applications, apis/tenants, apis/jwt, apis/keys).
 */

/** Any JSON value a client may store in `data` or in configuration blocks we do not interpret. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The password hash, in the fields FusionAuth's Import API uses for `salted-pbkdf2-hmac-sha256`. */
export interface PasswordHash {
  encryptionScheme: 'salted-pbkdf2-hmac-sha256';
  factor: number;
  salt: string;
  password: string;
}

export interface Registration {
  id: string;
  applicationId: string;
  roles: string[];
  data: JsonObject;
  insertInstant: number;
  lastUpdateInstant: number;
  lastLoginInstant?: number;
  usernameStatus: 'ACTIVE';
  verified: boolean;
  verifiedInstant?: number;
  /** Any other documented fields the client sent (username, timezone, preferredLanguages…). */
  extra: JsonObject;
}

export interface StoredUser {
  id: string;
  tenantId: string;
  /** Stored lowercased: FusionAuth treats emails case-insensitively and unique per tenant. */
  email?: string;
  username?: string;
  active: boolean;
  verified: boolean;
  insertInstant: number;
  lastUpdateInstant: number;
  lastLoginInstant?: number;
  passwordLastUpdateInstant?: number;
  passwordChangeRequired: boolean;
  hash?: PasswordHash;
  data: JsonObject;
  /** Profile fields we keep but do not interpret (firstName, birthDate, imageUrl…). */
  profile: JsonObject;
  registrations: Registration[];
  /** Two-factor methods and hashed recovery codes (domain/two-factor.ts). */
  twoFactor?: StoredTwoFactor;
}

/** An authenticator (TOTP) method (https://fusionauth.io/docs/apis/two-factor): `secret` is the base64 shared secret. */
export interface TwoFactorMethod {
  id: string;
  method: 'authenticator';
  secret: string;
  name?: string;
}

export interface StoredTwoFactor {
  methods: TwoFactorMethod[];
  /** SHA-256 hex of each unused recovery code. */
  recoveryCodeHashes: string[];
}

export interface ApplicationRole {
  id: string;
  name: string;
  isDefault: boolean;
  isSuperRole: boolean;
  description?: string;
}

/** An application: `roles` and the identity fields typed, every configuration block kept as sent. */
export interface StoredApplication {
  id: string;
  tenantId: string;
  name: string;
  active: boolean;
  insertInstant: number;
  lastUpdateInstant: number;
  roles: ApplicationRole[];
  /** jwtConfiguration, loginConfiguration, oauthConfiguration, registrationConfiguration, data… */
  config: JsonObject;
}

export interface StoredTenant {
  id: string;
  name: string;
  insertInstant: number;
  lastUpdateInstant: number;
  /** issuer, jwtConfiguration, loginConfiguration, emailConfiguration, themeId… */
  config: JsonObject;
}

export interface RefreshToken {
  id: string;
  token: string;
  userId: string;
  /** Absent for the token that is a user's hosted-login SSO session. */
  applicationId?: string;
  tenantId: string;
  insertInstant: number;
  /** When the user authenticated: the access tokens' `auth_time` (seconds). */
  startInstant: number;
  expiresInstant: number;
  metaData: JsonObject;
  data: JsonObject;
  /** The OAuth grant that issued it (`['password']`…), which heads the `gty` of the tokens it refreshes. */
  grantTypes?: string[];
}

export interface ApiKey {
  id: string;
  key: string;
  description?: string;
  /** A tenant-locked key acts as `X-FusionAuth-TenantId` (https://fusionauth.io/docs/apis/authentication). */
  tenantId?: string;
  insertInstant: number;
}

/**
 * A Key Master key. `privateJwk` never leaves the server. An HMAC key has no public half: its
 * `publicJwk` is empty, `publicKeyPem` is '' and `secret` holds the shared secret.
 */
export interface SigningKey {
  id: string;
  kid: string;
  name: string;
  algorithm: string;
  type: 'RSA' | 'EC' | 'HMAC';
  length?: number;
  secret?: string;
  publicJwk: JsonObject;
  privateJwk: JsonObject;
  publicKeyPem: string;
  insertInstant: number;
}

/** A webhook (https://fusionauth.io/docs/apis/webhooks): where events go, which ones, and how deliveries authenticate. */
export interface StoredWebhook {
  id: string;
  url: string;
  insertInstant: number;
  lastUpdateInstant: number;
  /** Event type → enabled; a type not listed is off. */
  eventsEnabled: Record<string, boolean>;
  headers: Record<string, string>;
  httpAuthenticationUsername?: string;
  httpAuthenticationPassword?: string;
  signatureConfiguration: { enabled: boolean; signingKeyId?: string };
  /** Every tenant's events, or only those of `tenantIds`. */
  global: boolean;
  tenantIds: string[];
  connectTimeout: number;
  readTimeout: number;
  /** description, data, sslCertificateKeyId… kept as sent. */
  config: JsonObject;
}

/**
 * A one-off identifier with an expiry, tied to a user: a `changePasswordId`, an email or registration
 * `verificationId`, a login's `twoFactorId`, a `oneTimePassword` or a two-factor `trustToken`
 * (domain/pending-ids.ts).
 */
export interface PendingId {
  id: string;
  kind:
    | 'change-password'
    | 'email-verification'
    | 'registration-verification'
    | 'two-factor'
    | 'one-time-password'
    | 'trust-token'
    | 'webauthn-registration'
    | 'webauthn-authentication';
  userId: string;
  createInstant: number;
  expiresInstant: number;
  /** Kind-specific facts: the email verified, the login's applicationId, whether it came by email… */
  data: JsonObject;
}

/**
 * A user's passkey (https://fusionauth.io/docs/apis/webauthn): what the Retrieve a Passkey API shows, plus the
 * COSE public key the assertions are verified with.
 */
export interface StoredWebAuthnCredential {
  id: string;
  /** The authenticator's credential id, base64url. */
  credentialId: string;
  tenantId: string;
  userId: string;
  /** The COSE algorithm identifier, e.g. -7 for ES256. */
  algorithm: number;
  authenticatorSupportsUserVerification: boolean;
  discoverable: boolean;
  displayName: string;
  name: string;
  insertInstant: number;
  lastUseInstant: number;
  /** The public key as PEM, as FusionAuth shows it. */
  publicKey: string;
  /** The same key as the authenticator sent it (COSE, base64url): what verification uses. */
  coseKey: string;
  relyingPartyId: string;
  signCount: number;
  transports: string[];
  userAgent?: string;
}

/** An email template (https://fusionauth.io/docs/apis/emails): FreeMarker-style `${name}` placeholders. */
export interface EmailTemplate {
  id: string;
  name: string;
  defaultSubject: string;
  defaultTextTemplate: string;
  defaultHtmlTemplate: string;
  fromEmail?: string;
  defaultFromName?: string;
  /** Locale → text: localizedSubjects, localizedTextTemplates, localizedHtmlTemplates, localizedFromNames. */
  localizedSubjects?: Record<string, string>;
  localizedTextTemplates?: Record<string, string>;
  localizedHtmlTemplates?: Record<string, string>;
  localizedFromNames?: Record<string, string>;
  insertInstant: number;
  lastUpdateInstant: number;
}

/**
 * A theme (https://fusionauth.io/docs/apis/themes): the hosted pages use only its `stylesheet`; `templates`, messages and
 * variables are kept as sent (in `config`) but do not change the pages.
 */
export interface StoredTheme {
  id: string;
  name: string;
  stylesheet: string;
  insertInstant: number;
  lastUpdateInstant: number;
  /** templates, defaultMessages, localizedMessages, data… kept as sent. */
  config: JsonObject;
}

/** A permission an Entity Type defines (https://fusionauth.io/docs/apis/entities/entity-types). */
export interface EntityTypePermission {
  id: string;
  name: string;
  description?: string;
  isDefault: boolean;
  data: JsonObject;
  insertInstant: number;
  lastUpdateInstant: number;
}

/** An Entity Type: the permissions its entities can grant, and how their client credentials tokens are signed. */
export interface StoredEntityType {
  id: string;
  name: string;
  permissions: EntityTypePermission[];
  jwtConfiguration: JsonObject;
  data: JsonObject;
  insertInstant: number;
  lastUpdateInstant: number;
}

/** An Entity (https://fusionauth.io/docs/apis/entities/entities): a machine, with OAuth client credentials. */
export interface StoredEntity {
  id: string;
  tenantId: string;
  typeId: string;
  name: string;
  clientId: string;
  clientSecret: string;
  data: JsonObject;
  insertInstant: number;
  lastUpdateInstant: number;
}

/** A Grant (https://fusionauth.io/docs/apis/entities/grants): permissions on `entityId` for a recipient entity or a user. */
export interface StoredEntityGrant {
  id: string;
  entityId: string;
  recipientEntityId?: string;
  userId?: string;
  permissions: string[];
  data: JsonObject;
  insertInstant: number;
  lastUpdateInstant: number;
}

/** A message the dev server "sent", kept for GET /dev/mailbox. */
export interface MailMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  createInstant: number;
}

export interface State {
  version: 1;
  tenants: Record<string, StoredTenant>;
  applications: Record<string, StoredApplication>;
  users: Record<string, StoredUser>;
  refreshTokens: Record<string, RefreshToken>;
  apiKeys: Record<string, ApiKey>;
  keys: Record<string, SigningKey>;
  webhooks: Record<string, StoredWebhook>;
  pendingIds: Record<string, PendingId>;
  webAuthnCredentials: Record<string, StoredWebAuthnCredential>;
  emailTemplates: Record<string, EmailTemplate>;
  themes: Record<string, StoredTheme>;
  entityTypes: Record<string, StoredEntityType>;
  entities: Record<string, StoredEntity>;
  entityGrants: Record<string, StoredEntityGrant>;
  /** The System Configuration API's object (https://fusionauth.io/docs/apis/system); absent until first read or set. */
  systemConfiguration?: JsonObject;
  mailbox: MailMessage[];
}

/** An empty state: no tenants yet, which is how the server knows the kickstart may run. */
export function emptyState(): State {
  return {
    version: 1,
    tenants: {},
    applications: {},
    users: {},
    refreshTokens: {},
    apiKeys: {},
    keys: {},
    webhooks: {},
    pendingIds: {},
    webAuthnCredentials: {},
    emailTemplates: {},
    themes: {},
    entityTypes: {},
    entities: {},
    entityGrants: {},
    mailbox: [],
  };
}

/**
 * Access tokens: RS256 (or the configured key's algorithm) JWTs with FusionAuth's claims
 * (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/tokens): aud, exp, iat, iss, sub, jti, authenticationType, email,
 * email_verified, preferred_username, applicationId and roles (only when registered), sid (the refresh
 * token issued alongside), auth_time and tid. Times in the token are epoch seconds. Tokens from an OAuth
 * grant carry `gty` in the JWT header: the grants in the order they occurred (since 1.36.0).
 */
import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { stateOf, type DevServerContext } from '../context.ts';
import { jwtSettings } from '../domain/settings.ts';
import type { Registration, SigningKey, StoredApplication, StoredUser } from '../state/model.ts';
import { privateKeyOf } from './signing-keys.ts';

export type AuthenticationType =
  'PASSWORD' | 'ONE_TIME_PASSWORD' | 'PASSKEY' | 'REFRESH_TOKEN' | 'REGISTRATION' | 'USER_CREATE' | 'PING';

export interface AccessTokenRequest {
  user: StoredUser;
  application?: StoredApplication;
  /** Present only when the user is registered for `application`: adds applicationId and roles. */
  registration?: Registration;
  authenticationType: AuthenticationType;
  refreshTokenId?: string;
  /** Epoch ms of the original authentication. */
  authInstant: number;
  /** OAuth grants: the granted scopes, space-separated (the `scope` claim). */
  scope?: string;
  /** OAuth grants: the `gty` header, e.g. `['authorization_code', 'refresh_token']` after a refresh. */
  grantTypes?: readonly string[];
}

export interface IssuedAccessToken {
  token: string;
  /** Epoch ms, as `tokenExpirationInstant`. */
  expirationInstant: number;
}

/** The issuer: the tenant's `issuer` when set, else this server's base URL. */
export function issuerFor(context: DevServerContext, tenantId: string): string {
  const tenant = stateOf(context).tenants[tenantId];
  return (tenant && jwtSettings(tenant).issuer) ?? context.baseUrl;
}

/** The key that signs with `keyId`, or the first key. */
export function signingKeyFor(context: DevServerContext, keyId: string | undefined): SigningKey {
  const keys = stateOf(context).keys;
  const key = (keyId && keys[keyId]) || Object.values(keys)[0];
  if (!key) throw new Error('No signing key: the state has no keys');
  return key;
}

/** Signs an access token for a user. */
export async function issueAccessToken(
  context: DevServerContext,
  request: AccessTokenRequest,
): Promise<IssuedAccessToken> {
  const { user, application, registration } = request;
  const tenant = stateOf(context).tenants[user.tenantId];
  if (!tenant) throw new Error(`User ${user.id} has no tenant`);
  const settings = jwtSettings(tenant, application);
  const key = signingKeyFor(context, settings.accessTokenKeyId);
  const now = Math.floor(context.now() / 1000);
  const exp = now + settings.accessTokenTtlSeconds;
  const claims: JWTPayload = { authenticationType: request.authenticationType };
  if (user.email) Object.assign(claims, { email: user.email, email_verified: user.verified });
  if (user.username) claims.preferred_username = user.username;
  if (registration && application) Object.assign(claims, { applicationId: application.id, roles: registration.roles });
  if (request.refreshTokenId) claims.sid = request.refreshTokenId;
  if (request.scope) claims.scope = request.scope;
  Object.assign(claims, { auth_time: Math.floor(request.authInstant / 1000), tid: user.tenantId });
  let jwt = new SignJWT(claims)
    .setProtectedHeader({
      alg: key.algorithm,
      typ: 'JWT',
      kid: key.kid,
      ...(request.grantTypes ? { gty: [...request.grantTypes] } : {}),
    })
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .setIssuer(issuerFor(context, user.tenantId))
    .setSubject(user.id)
    .setJti(randomUUID());
  if (application) jwt = jwt.setAudience(application.id);
  return { token: await jwt.sign(await privateKeyOf(key)), expirationInstant: exp * 1000 };
}

/** Verifies a token signed by one of our keys and not expired; `null` when it is not valid. */
export async function verifyAccessToken(context: DevServerContext, token: string): Promise<JWTPayload | null> {
  try {
    const { kid } = decodeProtectedHeader(token);
    const key = Object.values(stateOf(context).keys).find((candidate) => candidate.kid === kid);
    if (!key) return null;
    const publicKey = await importJWK(key.publicJwk as JWK, key.algorithm);
    const { payload } = await jwtVerify(token, publicKey, { algorithms: [key.algorithm] });
    return payload;
  } catch {
    return null;
  }
}

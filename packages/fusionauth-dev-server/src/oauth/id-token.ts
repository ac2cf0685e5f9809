/**
 * ID tokens per OIDC Core sections 2 and 3.1.3.6 (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/tokens#id-token): iss, sub, aud (the
 * client id), exp, iat, auth_time, nonce (echoed from the authorization request), at_hash and c_hash
 * (the left half of the access token's / code's hash, with the signing algorithm's hash), sid (the SSO
 * session), plus FusionAuth's email and profile claims. Signed with the tenant's (or application's)
 * `idTokenKeyId`, else the access-token key, so the same JWKS verifies it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { DevServerContext } from '../context.ts';
import { findKeyByKid } from '../domain/keys.ts';
import { jwtSettings, objectAt } from '../domain/settings.ts';
import { findTenant } from '../domain/tenants.ts';
import type { StoredApplication, StoredUser } from '../state/model.ts';
import { issuerFor, signingKeyFor, type AuthenticationType } from '../tokens/access-token.ts';
import { privateKeyOf } from '../tokens/signing-keys.ts';
import type { Scope } from './scopes.ts';

export interface IdTokenRequest {
  user: StoredUser;
  application: StoredApplication;
  accessToken: string;
  scopes: readonly Scope[];
  authInstant: number;
  authenticationType: AuthenticationType;
  code?: string;
  nonce?: string;
  ssoSessionId?: string;
}

function idTokenKeyId(tenantJwt: Record<string, unknown>, appJwt: Record<string, unknown>): string | undefined {
  const fromApp = appJwt.enabled === true ? appJwt.idTokenKeyId : undefined;
  const keyId = fromApp ?? tenantJwt.idTokenKeyId;
  return typeof keyId === 'string' && keyId !== '' ? keyId : undefined;
}

/** OIDC Core section 3.1.3.6: base64url of the left-most half of the hash of `value`. */
function halfHash(algorithm: string, value: string): string {
  const bits = algorithm.endsWith('512') ? 512 : algorithm.endsWith('384') ? 384 : 256;
  const digest = createHash(`sha${bits}`).update(value, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

function profileClaims(user: StoredUser): JWTPayload {
  const given = typeof user.profile.firstName === 'string' ? user.profile.firstName : undefined;
  const family = typeof user.profile.lastName === 'string' ? user.profile.lastName : undefined;
  const full =
    typeof user.profile.fullName === 'string' ? user.profile.fullName : [given, family].filter(Boolean).join(' ');
  const claims: JWTPayload = {};
  if (given) claims.given_name = given;
  if (family) claims.family_name = family;
  if (full) claims.name = full;
  return claims;
}

/** Signs an ID token for a completed grant. */
export async function issueIdToken(context: DevServerContext, request: IdTokenRequest): Promise<string> {
  const { user, application } = request;
  const tenant = findTenant(context, user.tenantId);
  if (!tenant) throw new Error(`User ${user.id} has no tenant`);
  const settings = jwtSettings(tenant, application);
  const keyId = idTokenKeyId(
    objectAt(tenant.config, 'jwtConfiguration'),
    objectAt(application.config, 'jwtConfiguration'),
  );
  const key = signingKeyFor(context, keyId ?? settings.accessTokenKeyId);
  const now = Math.floor(context.now() / 1000);
  const claims: JWTPayload = {
    auth_time: Math.floor(request.authInstant / 1000),
    at_hash: halfHash(key.algorithm, request.accessToken),
    authenticationType: request.authenticationType,
    tid: user.tenantId,
  };
  if (request.code) claims.c_hash = halfHash(key.algorithm, request.code);
  if (request.nonce) claims.nonce = request.nonce;
  if (request.ssoSessionId) claims.sid = request.ssoSessionId;
  if (user.email) Object.assign(claims, { email: user.email, email_verified: user.verified });
  if (user.username) claims.preferred_username = user.username;
  if (request.scopes.includes('profile')) Object.assign(claims, profileClaims(user));
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.algorithm, typ: 'JWT', kid: key.kid })
    .setIssuer(issuerFor(context, user.tenantId))
    .setSubject(user.id)
    .setAudience(application.id)
    .setIssuedAt(now)
    .setExpirationTime(now + settings.accessTokenTtlSeconds)
    .setJti(randomUUID())
    .sign(await privateKeyOf(key));
}

/**
 * The claims of an `id_token_hint` signed by one of our keys. Expired tokens are accepted, as
 * FusionAuth accepts them at logout since 1.37; a forged or foreign one gives null.
 */
export async function readIdTokenHint(context: DevServerContext, token: string): Promise<JWTPayload | null> {
  try {
    const { kid } = decodeProtectedHeader(token);
    const key = kid ? findKeyByKid(context, kid) : undefined;
    if (!key) return null;
    await compactVerify(token, await importJWK(key.publicJwk as JWK, key.algorithm), { algorithms: [key.algorithm] });
    return decodeJwt(token);
  } catch {
    return null;
  }
}

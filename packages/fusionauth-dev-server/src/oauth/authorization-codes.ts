/**
 * Authorization codes: opaque, single-use and short-lived. Held in memory only (a restart simply
 * voids pending codes). Redeeming removes the code whatever the outcome, so a code that failed once
 * can never be tried again (reported, not documented: docs/differences-from-fusionauth.md). The lifetime is the tenant's
 * `externalIdentifierConfiguration.authorizationGrantIdTimeToLiveInSeconds` (FusionAuth's default: 30 s).
 */
import { randomBytes } from 'node:crypto';
import type { DevServerContext } from '../context.ts';
import { findApplication } from '../domain/applications.ts';
import { objectAt } from '../domain/settings.ts';
import { findTenant } from '../domain/tenants.ts';
import type { AuthenticationType } from '../tokens/access-token.ts';
import type { Scope } from './scopes.ts';

const DEFAULT_TTL_SECONDS = 30;

export interface AuthorizationGrant {
  applicationId: string;
  redirectUri: string;
  userId: string;
  scopes: Scope[];
  nonce?: string;
  codeChallenge?: string;
  /** The SSO session the code came from: the id_token's `sid`. */
  ssoSessionId: string;
  /** Epoch ms of the authentication: `auth_time`. */
  authInstant: number;
  authenticationType: AuthenticationType;
}

interface StoredCode extends AuthorizationGrant {
  expiresAt: number;
}

const codesByServer = new WeakMap<DevServerContext, Map<string, StoredCode>>();

function codesOf(context: DevServerContext): Map<string, StoredCode> {
  let codes = codesByServer.get(context);
  if (!codes) {
    codes = new Map();
    codesByServer.set(context, codes);
  }
  return codes;
}

function ttlSeconds(context: DevServerContext, applicationId: string): number {
  const application = findApplication(context, applicationId);
  const tenant = application ? findTenant(context, application.tenantId) : undefined;
  const value = objectAt(tenant?.config, 'externalIdentifierConfiguration').authorizationGrantIdTimeToLiveInSeconds;
  return typeof value === 'number' && value > 0 ? value : DEFAULT_TTL_SECONDS;
}

/** Issues a code for a grant: 256 random bits, URL-safe. */
export function issueAuthorizationCode(context: DevServerContext, grant: AuthorizationGrant): string {
  const codes = codesOf(context);
  const now = context.now();
  for (const [code, stored] of codes) if (stored.expiresAt <= now) codes.delete(code);
  const code = randomBytes(32).toString('base64url');
  codes.set(code, { ...grant, expiresAt: now + ttlSeconds(context, grant.applicationId) * 1000 });
  return code;
}

/** Takes a code out of circulation and returns its grant, unless it is unknown or expired. */
export function redeemAuthorizationCode(context: DevServerContext, code: string): AuthorizationGrant | undefined {
  const codes = codesOf(context);
  const stored = codes.get(code);
  codes.delete(code);
  if (!stored || stored.expiresAt <= context.now()) return undefined;
  return stored;
}

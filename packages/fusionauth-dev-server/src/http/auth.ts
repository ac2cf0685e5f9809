/**
 * API authentication (https://fusionauth.io/docs/apis/authentication): the raw API key in `Authorization` (a `Bearer`
 * value is a JWT, never an API key); 401 with an empty body otherwise. Tenant scoping follows
 * (https://fusionauth.io/docs/apis/authentication): `X-FusionAuth-TenantId`, or a tenant-locked key, or the only tenant.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { JWTPayload } from 'jose';
import type { DevServerContext } from '../context.ts';
import { listApiKeys } from '../domain/api-keys.ts';
import { findTenant, listTenants } from '../domain/tenants.ts';
import type { ApiKey, StoredTenant } from '../state/model.ts';
import { verifyAccessToken } from '../tokens/access-token.ts';
import { generalError, sendEmpty, type Errors } from './errors.ts';

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The API key the request carries, if valid. */
export function apiKeyOf(context: DevServerContext, request: FastifyRequest): ApiKey | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  return listApiKeys(context).find((apiKey) => sameSecret(apiKey.key, header));
}

/** An onRequest hook answering 401 (empty) unless a valid API key is present. */
export function requireApiKey(context: DevServerContext): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!apiKeyOf(context, request)) return sendEmpty(reply, 401);
    return undefined;
  };
}

/** The JWT from `Authorization: Bearer …` or the `access_token` cookie (https://fusionauth.io/docs/apis/authentication). */
export function bearerTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (match?.[1]) return match[1];
  return request.cookies.access_token || undefined;
}

/** The verified claims of the request's JWT, or null. */
export async function jwtClaimsOf(context: DevServerContext, request: FastifyRequest): Promise<JWTPayload | null> {
  const token = bearerTokenOf(request);
  return token ? verifyAccessToken(context, token) : null;
}

export type TenantScope =
  | { kind: 'tenant'; tenant: StoredTenant }
  /** Several tenants and none named: fine for lookups by id, a 400 for creates. */
  | { kind: 'any' }
  | { kind: 'unknown'; tenantId: string };

/** The tenant a request is scoped to. */
export function tenantScopeOf(context: DevServerContext, request: FastifyRequest): TenantScope {
  const header = request.headers['x-fusionauth-tenantid'];
  const tenantId = (Array.isArray(header) ? header[0] : header) || apiKeyOf(context, request)?.tenantId;
  if (tenantId) {
    const tenant = findTenant(context, tenantId);
    return tenant ? { kind: 'tenant', tenant } : { kind: 'unknown', tenantId };
  }
  const all = listTenants(context);
  return all.length === 1 && all[0] ? { kind: 'tenant', tenant: all[0] } : { kind: 'any' };
}

/** The tenant id to filter lookups by, or undefined to search every tenant. */
export function tenantFilterOf(scope: TenantScope): string | undefined {
  return scope.kind === 'tenant' ? scope.tenant.id : scope.kind === 'unknown' ? scope.tenantId : undefined;
}

/**
 * The tenant a create (or another ambiguous call) applies to: 400 `[TenantIdRequired]` when there are
 * several tenants and none is named, and a 400 for a tenant that does not exist.
 */
export function tenantForCreate(scope: TenantScope): { tenant: StoredTenant } | { errors: Errors } {
  if (scope.kind === 'tenant') return { tenant: scope.tenant };
  if (scope.kind === 'unknown') {
    return { errors: generalError('[TenantDoesNotExist]', `The Tenant Id [${scope.tenantId}] does not exist.`) };
  }
  return {
    errors: generalError(
      '[TenantIdRequired]',
      'A Tenant Id is required to complete this request. To complete this request, you must specify the tenant using the X-FusionAuth-TenantId HTTP request header.',
    ),
  };
}

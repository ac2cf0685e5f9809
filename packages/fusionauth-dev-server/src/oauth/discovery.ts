/**
 * OpenID discovery (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints#openid-configuration):
 * `GET /.well-known/openid-configuration[?tenantId=]` and `GET /{tenantId}/.well-known/openid-configuration`.
 * The issuer is the tenant's (the dev server's base URL unless the tenant sets one); the endpoints are
 * this server's. Always 200 for a known tenant, as FusionAuth answers.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findTenant, listTenants } from '../domain/tenants.ts';
import type { StoredTenant } from '../state/model.ts';
import { issuerFor } from '../tokens/access-token.ts';
import { SUPPORTED_KEY_ALGORITHMS } from '../tokens/signing-keys.ts';
import { SUPPORTED_SCOPES } from './scopes.ts';
import { SUPPORTED_GRANT_TYPES } from './grant-types.ts';

/** The OAuth endpoints' paths, shared with the routes that serve them. */
export const OAUTH_PATHS = Object.freeze({
  authorize: '/oauth2/authorize',
  register: '/oauth2/register',
  token: '/oauth2/token',
  userinfo: '/oauth2/userinfo',
  introspect: '/oauth2/introspect',
  logout: '/oauth2/logout',
  deviceAuthorize: '/oauth2/device_authorize',
  jwks: '/.well-known/jwks.json',
});

/** The tenant a discovery request is about: the one named, else the default (first) tenant. */
export function discoveryTenant(context: DevServerContext, tenantId: string | undefined): StoredTenant | undefined {
  if (tenantId) return findTenant(context, tenantId);
  return listTenants(context).sort((a, b) => a.insertInstant - b.insertInstant)[0];
}

/**
 * The claims FusionAuth's documented discovery example lists (the dev server's tokens also carry
 * `auth_time`, `sid` and `tid`, which FusionAuth's carry too but its example does not list).
 */
const CLAIMS_SUPPORTED = [
  'applicationId',
  'at_hash',
  'aud',
  'authenticationType',
  'birthdate',
  'c_hash',
  'email',
  'email_verified',
  'exp',
  'family_name',
  'given_name',
  'iat',
  'iss',
  'jti',
  'middle_name',
  'name',
  'nbf',
  'nonce',
  'phone_number',
  'phone_number_verified',
  'picture',
  'preferred_username',
  'roles',
  'sub',
];

/**
 * The discovery document for a tenant: the keys of FusionAuth's documented example
 * (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints#openid-configuration), so no
 * `introspection_endpoint`, plus `code_challenge_methods_supported` (RFC 8414 section 2), which FusionAuth's
 * OpenAPI model carries since 1.64: its authorize endpoint takes only S256. Where FusionAuth lists more
 * than the dev server does (grants, response types and modes), the lists say what the dev server
 * accepts; the device endpoint is advertised as FusionAuth does and answers [UnsupportedEndpoint].
 */
export function openIdConfiguration(context: DevServerContext, tenant: StoredTenant): Record<string, unknown> {
  const base = context.baseUrl;
  return {
    authorization_endpoint: `${base}${OAUTH_PATHS.authorize}`,
    backchannel_logout_supported: false,
    claims_supported: CLAIMS_SUPPORTED,
    code_challenge_methods_supported: ['S256'],
    device_authorization_endpoint: `${base}${OAUTH_PATHS.deviceAuthorize}`,
    end_session_endpoint: `${base}${OAUTH_PATHS.logout}`,
    frontchannel_logout_supported: true,
    grant_types_supported: [...SUPPORTED_GRANT_TYPES],
    id_token_signing_alg_values_supported: [...SUPPORTED_KEY_ALGORITHMS].sort(),
    issuer: issuerFor(context, tenant.id),
    jwks_uri: `${base}${OAUTH_PATHS.jwks}`,
    response_modes_supported: ['query'],
    response_types_supported: ['code'],
    scopes_supported: [...SUPPORTED_SCOPES],
    subject_types_supported: ['public'],
    token_endpoint: `${base}${OAUTH_PATHS.token}`,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    userinfo_endpoint: `${base}${OAUTH_PATHS.userinfo}`,
    userinfo_signing_alg_values_supported: [...SUPPORTED_KEY_ALGORITHMS].sort(),
  };
}

function answer(context: DevServerContext, reply: FastifyReply, tenantId: string | undefined): FastifyReply {
  const tenant = discoveryTenant(context, tenantId);
  if (!tenant) return reply.code(404).removeHeader('content-type').send();
  return reply.header('cache-control', 'public, max-age=60').send(openIdConfiguration(context, tenant));
}

/** Registers both discovery routes. */
export function registerDiscoveryRoutes(app: FastifyInstance, context: DevServerContext): void {
  app.get<{ Querystring: { tenantId?: string } }>('/.well-known/openid-configuration', async (request, reply) =>
    answer(context, reply, request.query.tenantId || undefined),
  );
  app.get<{ Params: { tenantId: string } }>('/:tenantId/.well-known/openid-configuration', async (request, reply) =>
    answer(context, reply, request.params.tenantId),
  );
}

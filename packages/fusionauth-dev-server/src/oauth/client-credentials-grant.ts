/**
 * The client credentials grant of `POST /oauth2/token`
 * (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints#client-credentials-grant-request): the
 * client is an Entity (its client id and secret, by HTTP Basic or in the form), and each
 * `target-entity:{id}[:permission,…]` scope needs a grant from that target to it. The access token
 * (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/tokens#client-credentials-access-token) names the
 * targets in `aud`, the entity in `sub`, and per target the requested permissions (all the grant's when
 * none are asked for) in `permissions`; it is signed per the entity type's `jwtConfiguration` when enabled,
 * else the tenant's.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SignJWT } from 'jose';
import type { DevServerContext } from '../context.ts';
import { findEntity, findEntityByClientId, findEntityType, grantsOn } from '../domain/entities.ts';
import { jwtSettings } from '../domain/settings.ts';
import { findTenant } from '../domain/tenants.ts';
import type { JsonObject, StoredEntity } from '../state/model.ts';
import { issuerFor, signingKeyFor } from '../tokens/access-token.ts';
import { privateKeyOf } from '../tokens/signing-keys.ts';
import { basicCredentials, sameSecret } from './clients.ts';
import { sendOAuthError, type OAuthError } from './oauth-errors.ts';
import { formText, sendTokens } from './token-response.ts';

const TARGET_ENTITY_SCOPE = /^target-entity:([0-9a-fA-F-]{36})(?::(.+))?$/;

function invalidScope(reason: string, description: string): OAuthError {
  return { error: 'invalid_scope', error_reason: reason, error_description: description };
}

/** The entity that authenticated with its client id and secret, or the 401 to answer. */
function authenticateEntity(
  context: DevServerContext,
  request: FastifyRequest,
  body: JsonObject,
): { kind: 'ok'; entity: StoredEntity } | { kind: 'failed'; error: OAuthError } {
  const basic = basicCredentials(request);
  const clientId = basic?.clientId ?? formText(body, 'client_id');
  const secret = basic?.secret ?? formText(body, 'client_secret');
  const entity = clientId ? findEntityByClientId(context, clientId) : undefined;
  if (!entity) {
    return {
      kind: 'failed',
      error: {
        error: 'invalid_client',
        error_reason: 'invalid_client_id',
        error_description: 'The client_id is not valid.',
      },
    };
  }
  if (secret === undefined || !sameSecret(secret, entity.clientSecret)) {
    return {
      kind: 'failed',
      error: {
        error: 'invalid_client',
        error_reason: 'invalid_client_authentication',
        error_description: 'Client authentication failed.',
      },
    };
  }
  return { kind: 'ok', entity };
}

/** Per target entity, the permissions the token carries; or the error when a scope is not granted. */
function grantedPermissions(
  context: DevServerContext,
  recipient: StoredEntity,
  scope: string,
): { kind: 'ok'; permissions: Record<string, string[]> } | { kind: 'refused'; error: OAuthError } {
  const permissions: Record<string, string[]> = {};
  for (const item of scope.split(/\s+/).filter(Boolean)) {
    const match = TARGET_ENTITY_SCOPE.exec(item);
    const target = match?.[1] ? findEntity(context, match[1].toLowerCase()) : undefined;
    const grant =
      target && target.tenantId === recipient.tenantId
        ? grantsOn(context, target.id, { recipientEntityId: recipient.id })[0]
        : undefined;
    if (!target || !grant) {
      return {
        kind: 'refused',
        error: invalidScope(
          'invalid_target_entity_scope',
          `The scope [${item}] names no entity that granted this client access.`,
        ),
      };
    }
    const requested =
      match?.[2]
        ?.split(',')
        .map((name) => name.trim())
        .filter(Boolean) ?? [];
    const missing = requested.filter((name) => !grant.permissions.includes(name));
    if (missing.length > 0) {
      return {
        kind: 'refused',
        error: invalidScope(
          'invalid_entity_permission_scope',
          `The permissions [${missing.join(',')}] were not granted.`,
        ),
      };
    }
    permissions[target.id] = requested.length > 0 ? requested : grant.permissions;
  }
  if (Object.keys(permissions).length === 0) {
    return {
      kind: 'refused',
      error: invalidScope(
        'invalid_target_entity_scope',
        'The scope must name a target entity: target-entity:{entityId}.',
      ),
    };
  }
  return { kind: 'ok', permissions };
}

/** Exchanges an entity's client credentials for an access token to its target entities. */
export async function exchangeClientCredentials(
  context: DevServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  body: JsonObject,
): Promise<FastifyReply> {
  const client = authenticateEntity(context, request, body);
  if (client.kind === 'failed') return sendOAuthError(reply, 401, client.error);
  const { entity } = client;
  const scope = formText(body, 'scope') ?? '';
  const granted = grantedPermissions(context, entity, scope);
  if (granted.kind === 'refused') return sendOAuthError(reply, 400, granted.error);
  const tenant = findTenant(context, entity.tenantId);
  if (!tenant) throw new Error(`Entity ${entity.id} has no tenant`);
  const typeJwt = findEntityType(context, entity.typeId)?.jwtConfiguration ?? {};
  const tenantJwt = jwtSettings(tenant);
  const own = typeJwt.enabled === true;
  const ttlSeconds =
    own && typeof typeJwt.timeToLiveInSeconds === 'number'
      ? typeJwt.timeToLiveInSeconds
      : tenantJwt.accessTokenTtlSeconds;
  const keyId =
    own && typeof typeJwt.accessTokenKeyId === 'string' ? typeJwt.accessTokenKeyId : tenantJwt.accessTokenKeyId;
  const key = signingKeyFor(context, keyId);
  const targets = Object.keys(granted.permissions);
  const now = Math.floor(context.now() / 1000);
  const token = await new SignJWT({ permissions: granted.permissions, scope, tid: entity.tenantId })
    .setProtectedHeader({ alg: key.algorithm, typ: 'JWT', kid: key.kid, gty: ['client_credentials'] })
    .setAudience(targets.length === 1 && targets[0] ? targets[0] : targets)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .setIssuer(issuerFor(context, entity.tenantId))
    .setSubject(entity.id)
    .setJti(randomUUID())
    .sign(await privateKeyOf(key));
  return sendTokens(reply, { access_token: token, expires_in: ttlSeconds, scope, token_type: 'Bearer' });
}

/**
 * `GET|POST /oauth2/userinfo` (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints#userinfo): the user behind a valid access
 * token (`Authorization: Bearer …`), with the token's applicationId and roles. 401 with
 * `WWW-Authenticate` (RFC 6750 section 3) when the token is missing, invalid or expired.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findUser } from '../domain/lookup.ts';
import { bearerTokenOf } from '../http/auth.ts';
import type { JsonObject } from '../state/model.ts';
import { verifyAccessToken } from '../tokens/access-token.ts';

function unauthorized(reply: FastifyReply): FastifyReply {
  return reply.code(401).header('www-authenticate', 'Bearer error="invalid_token"').send({
    error: 'invalid_token',
    error_reason: 'access_token_invalid',
    error_description: 'The access token is missing, invalid or expired.',
  });
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Registers GET and POST /oauth2/userinfo. */
export function registerUserInfoRoutes(app: FastifyInstance, context: DevServerContext): void {
  const userinfo = async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearerTokenOf(request);
    const claims = token ? await verifyAccessToken(context, token) : null;
    const user = typeof claims?.sub === 'string' ? findUser(context, claims.sub) : undefined;
    if (!claims || !user?.active) return unauthorized(reply);
    const given = text(user.profile.firstName);
    const family = text(user.profile.lastName);
    const body: JsonObject = { sub: user.id };
    const optional: Record<string, unknown> = {
      email: user.email,
      email_verified: user.email ? user.verified : undefined,
      given_name: given,
      family_name: family,
      name: text(user.profile.fullName) ?? ([given, family].filter(Boolean).join(' ') || undefined),
      birthdate: text(user.profile.birthDate),
      picture: text(user.profile.imageUrl),
      preferred_username: user.username,
      phone_number: text(user.profile.mobilePhone),
      applicationId: claims.applicationId,
      roles: claims.roles,
    };
    for (const [key, value] of Object.entries(optional))
      if (value !== undefined) body[key] = value as JsonObject[string];
    return reply.header('cache-control', 'no-store').send(body);
  };
  app.get('/oauth2/userinfo', userinfo);
  app.post('/oauth2/userinfo', userinfo);
}

/**
 * JWT API (https://fusionauth.io/docs/apis/jwt): `GET /api/jwt/validate` (Bearer or `access_token` cookie; 200 `{jwt}` or
 * 401 empty) and `GET /api/jwt/public-key` (`{publicKeys:{kid:pem}}`, or `{publicKey}` for one kid or application).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findApplication } from '../domain/applications.ts';
import { findKey, listPublicKeys } from '../domain/keys.ts';
import { jwtSettings } from '../domain/settings.ts';
import { findTenant } from '../domain/tenants.ts';
import { jwtClaimsOf } from '../http/auth.ts';
import { sendEmpty } from '../http/errors.ts';

type PublicKeyRoute = FastifyRequest<{ Querystring: { kid?: string; applicationId?: string } }>;

/** Registers the JWT validate and public-key routes. */
export function registerJwtRoutes(app: FastifyInstance, context: DevServerContext): void {
  app.get('/api/jwt/validate', async (request, reply) => {
    const claims = await jwtClaimsOf(context, request);
    return claims ? reply.send({ jwt: claims }) : sendEmpty(reply, 401);
  });

  app.get('/api/jwt/public-key', async (request: PublicKeyRoute, reply) => {
    const keys = listPublicKeys(context);
    const { kid, applicationId } = request.query;
    if (kid) {
      const key = keys.find((candidate) => candidate.kid === kid);
      return key ? reply.send({ publicKey: key.publicKeyPem }) : sendEmpty(reply, 404);
    }
    if (applicationId) {
      const application = findApplication(context, applicationId);
      const tenant = application && findTenant(context, application.tenantId);
      const keyId = tenant ? jwtSettings(tenant, application).accessTokenKeyId : undefined;
      const key = (keyId && findKey(context, keyId)) || keys[0];
      return application && key ? reply.send({ publicKey: key.publicKeyPem }) : sendEmpty(reply, 404);
    }
    return reply.send({ publicKeys: Object.fromEntries(keys.map((key) => [key.kid, key.publicKeyPem])) });
  });
}

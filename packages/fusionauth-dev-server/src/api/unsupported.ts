/**
 * Everything the dev server does not implement: 404 with a JSON body that names the method and
 * path, so a missing feature is never mistaken for a silent success (or for an unknown id, whose 404
 * is empty). The kickstart runner recognises this code and skips the request.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The general error code of an unsupported endpoint. */
export const UNSUPPORTED_CODE = '[UnsupportedEndpoint]';

/**
 * Paths with a fixed word where one of the dev server's routes takes an id: FusionAuth's endpoints
 * (https://fusionauth.io/docs/apis/) and our own routes' other methods. Without a route of their
 * own, `POST /api/user/import` would reach `POST /api/user/{userId}` and answer a misleading 400
 * about the id. Each gets the methods nothing else answers.
 */
const SHADOWED_PATHS = [
  '/api/user/action',
  '/api/user/bulk',
  '/api/user/comment',
  '/api/user/consent',
  '/api/user/family',
  '/api/user/import',
  '/api/user/recent-login',
  '/api/user/refresh-token',
  '/api/user/two-factor',
  '/api/user/search',
  '/api/user/registration',
  '/api/user/change-password',
  '/api/user/forgot-password',
  '/api/user/verify-email',
  '/api/user/verify-registration',
  '/api/application/search',
  '/api/tenant/search',
  '/api/tenant/password-validation-rules',
  '/api/key/search',
  '/api/key/generate',
  '/api/key/import',
  '/api/webhook/search',
  '/api/email/template/preview',
  '/api/email/template/search',
  '/api/theme/search',
  '/api/jwt/refresh',
  '/api/webauthn/import',
  '/api/entity/search',
  '/api/entity/type/search',
];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function answerUnsupported(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0] ?? request.url;
  return reply.code(404).send({
    generalErrors: [
      { code: UNSUPPORTED_CODE, message: `The FusionAuth dev server does not support ${request.method} ${path}.` },
    ],
  });
}

/** Registers the not-found handler, and the shadowed FusionAuth paths that answer the same. */
export function registerUnsupportedHandler(app: FastifyInstance): void {
  for (const url of SHADOWED_PATHS) {
    const method = METHODS.filter((candidate) => !app.hasRoute({ method: candidate, url }));
    if (method.length > 0)
      app.route({ method, url, handler: async (request, reply) => answerUnsupported(request, reply) });
  }
  app.setNotFoundHandler(async (request, reply) => answerUnsupported(request, reply));
}

/**
 * Everything the dev server does not implement: 404 with a JSON body that names the endpoint, so a
 * missing feature is never mistaken for a silent success (or for an unknown id, whose 404 is empty).
 * The kickstart runner recognises this code and skips the request.
 */
import type { FastifyInstance } from 'fastify';

/** The general error code of an unsupported endpoint. */
export const UNSUPPORTED_CODE = '[UnsupportedEndpoint]';

/** Registers the not-found handler. */
export function registerUnsupportedHandler(app: FastifyInstance): void {
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    return reply.code(404).send({
      generalErrors: [{
        code: UNSUPPORTED_CODE,
        message: `The FusionAuth dev server does not support ${request.method} ${path}.`,
      }],
    });
  });
}

/** `GET /.well-known/jwks.json`: the public signing keys, unauthenticated, always 200 (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints). */
import type { FastifyInstance } from 'fastify';
import { stateOf, type DevServerContext } from '../context.ts';
import { jwks } from '../tokens/signing-keys.ts';

/** Registers the JWKS route. */
export function registerJwksRoutes(app: FastifyInstance, context: DevServerContext): void {
  app.get('/.well-known/jwks.json', async (_request, reply) => reply.send(jwks(stateOf(context))));
}

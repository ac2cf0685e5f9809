/** `GET /.well-known/jwks.json`: the public signing keys, unauthenticated, always 200 (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints). */
import type { FastifyInstance } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { publicJwks } from '../domain/keys.ts';

/** Registers the JWKS route. */
export function registerJwksRoutes(app: FastifyInstance, context: DevServerContext): void {
  app.get('/.well-known/jwks.json', async (_request, reply) => reply.send(publicJwks(context)));
}

import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { requireFreshAuthentication, type ResumeAt } from './require-fresh-authentication.ts';

const passkeyRemoval: ResumeAt = (request) => `/account/passkeys/${idParam(request)}/remove`;

/**
 * The account changes that add or take away a way to sign in, or end other devices' sessions: each asks
 * for a fresh proof that it is the person (requireFreshAuthentication), and says which page a refused
 * form's POST goes back to once the person has confirmed. Changing the password is not here: its form
 * asks for the current password itself.
 */
const GUARDED: ReadonlyMap<string, ResumeAt> = new Map([
  ['POST /account/passkeys/options', () => '/account'],
  ['POST /account/passkeys', () => '/account'],
  ['GET /account/passkeys/:id/remove', passkeyRemoval],
  ['POST /account/passkeys/:id/remove', passkeyRemoval],
  ['GET /account/two-factor', () => '/account/two-factor'],
  ['POST /account/two-factor/enable', () => '/account/two-factor'],
  ['POST /account/two-factor/disable', () => '/account'],
  ['POST /account/two-factor/recovery-codes', () => '/account'],
  ['POST /account/sessions/:id/revoke', () => '/account/sessions'],
  ['POST /account/sessions/revoke-others', () => '/account/sessions'],
  ['GET /account/sessions/revoke-all', () => '/account/sessions/revoke-all'],
  ['POST /account/sessions/revoke-all', () => '/account/sessions/revoke-all'],
  ['POST /account/password-changed/remove-others', () => '/account/password-changed'],
]);

function idParam(request: FastifyRequest): string {
  const { id } = request.params as { id?: unknown };
  return encodeURIComponent(typeof id === 'string' ? id : '');
}

/**
 * Puts requireFreshAuthentication in front of every route of GUARDED registered in `scope` (after the
 * scope's own preHandlers, so the session and CSRF token are checked first). At start-up, a route of the
 * table that no plugin registered stops the app: a renamed route must not lose its guard unseen.
 */
export function guardAccountChanges(scope: FastifyInstance, ctx: AppContext): void {
  const guarded = new Set<string>();
  scope.addHook('onRoute', (route: RouteOptions) => {
    for (const method of [route.method].flat()) {
      // Fastify's HEAD twin of a GET route runs the same handler: it takes the same guard.
      const name = `${method === 'HEAD' ? 'GET' : method} ${route.url}`;
      const resumeAt = GUARDED.get(name);
      if (!resumeAt) continue;
      guarded.add(name);
      route.preHandler = [...[route.preHandler ?? []].flat(), requireFreshAuthentication(ctx, resumeAt)];
    }
  });
  scope.addHook('onReady', async () => {
    // With LOGIN_FLOW=oauth the app has no passkey routes.
    const expected = [...GUARDED.keys()].filter(
      (name) => ctx.config.loginFlow === 'form' || !name.includes('/account/passkeys'),
    );
    const missing = expected.filter((name) => !guarded.has(name));
    if (missing.length > 0)
      throw new Error(`account routes without their re-authentication guard: ${missing.join(', ')}`);
  });
}

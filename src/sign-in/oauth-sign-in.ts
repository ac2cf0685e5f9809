import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import type { PendingAuthorization } from '../sessions/session-store.ts';
import { oauthCallbackRoute } from './oauth-callback.ts';
import { OAuthClient, oauthClientOf, type AuthorizationPage } from './oauth-client.ts';
import { safeReturnTo } from './return-to.ts';
import { wasSignedOutElsewhere } from '../revocation/signed-out-elsewhere.ts';
import { wasSignedOutHere } from './signed-out-here.ts';
import { FormText, queryOf } from '../web/form-input.ts';

/**
 * LOGIN_FLOW=oauth: GET /login and GET /register send the browser to FusionAuth's hosted pages
 * (authorization code + PKCE S256, state and nonce), and GET /oauth-callback completes the sign-in.
 * The transaction is kept server-side in the (anonymous) session, tied to the session cookie, which
 * SameSite=Lax still sends on the top-level redirect back (a transaction kept in a cookie of its own is what gets lost at callbacks, as "state mismatch").
 */
export async function oauthSignInRoutes(instance: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  // Each start stores an OAuth transaction, so starts are rate-limited like sign-in attempts.
  app.get(
    '/login',
    { schema: { querystring: queryOf({ returnTo: FormText }) }, preHandler: ctx.limitSignInAttempts },
    async (request, reply) => {
      const returnTo = safeReturnTo(request.query.returnTo);
      return startAuthorization(ctx, request, reply, 'login', returnTo);
    },
  );
  app.get('/register', { preHandler: ctx.limitSignInAttempts }, async (request, reply) =>
    startAuthorization(ctx, request, reply, 'register', '/'),
  );
  oauthCallbackRoute(instance, ctx);
}

/**
 * Remembers a fresh transaction in the session (starting an anonymous one if needed) and redirects to
 * FusionAuth. A browser whose session was revoked from elsewhere, or that signed out of this app only,
 * is sent with `prompt=login`, for FusionAuth's SSO session of that browser may still be alive; its anonymous session keeps the
 * revoked session's cookie, so this holds for every sign-in until one succeeds.
 */
async function startAuthorization(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  page: AuthorizationPage,
  returnTo: string,
): Promise<FastifyReply> {
  if (request.user) return reply.redirect(returnTo, 303);
  const secrets = OAuthClient.newSecrets();
  const forceLogin = wasSignedOutHere(ctx, request) || (await wasSignedOutElsewhere(ctx, request));
  const url = await oauthClientOf(ctx).buildAuthorizationUrl(page, secrets, { forceLogin });
  const pendingAuthorization: PendingAuthorization = {
    ...secrets,
    returnTo,
    createdAt: ctx.now(),
    ...(forceLogin ? { forceLogin } : {}),
  };
  const session = request.appSession;
  if (session && session.record.userId === null) {
    session.record.pendingAuthorization = pendingAuthorization;
    if (await ctx.sessions.save(session)) return reply.header('cache-control', 'no-store').redirect(url.href, 303);
  }
  const init = {
    userId: null,
    pendingAuthorization,
    ip: request.ip,
    userAgent: request.headers['user-agent']?.slice(0, 512),
  };
  await ctx.sessions.start(reply, init, forceLogin ? request.cookies[ctx.sessions.cookieName] : undefined);
  return reply.header('cache-control', 'no-store').redirect(url.href, 303);
}

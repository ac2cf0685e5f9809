import type { User } from '@fusionauth/typescript-client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { endedSessionOf, sendSignedOutPage } from '../revocation/signed-out-elsewhere.ts';
import type { AppContext } from '../app-context.ts';
import type { ActiveSession } from './session-manager.ts';
import { signedInUser, type SignedIn } from './signed-in-user.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The request's session, signed in or anonymous (a paused sign-in, an OAuth transaction), or null.
     * Loaded once by the page routes' preHandler hook; handlers that start or end a session assign it,
     * so later reads in the same request see the change. (Not `session`: @fastify/session declares that
     * name with another type, and an app may well use both.)
     */
    appSession: ActiveSession | null;
    /** The signed-in person, confirmed by the page routes' preHandler hook; null when anonymous. */
    user: User | null;
  }
  interface FastifyContextConfig {
    /** Set to false on page routes that must not confirm the user first (signing out works while FusionAuth is down). */
    identifyUser?: boolean;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Gives every route registered in `pages` its session and signed-in user, in one hook before the
 * handler: the session is loaded (and touched when due); a state-changing request must carry the
 * CSRF token bound to it; then the user is confirmed. (One hook rather than one per step: each
 * asynchronous hook costs every page request a promise and a turn of the microtask queue.) Routes
 * outside this scope (static files, health, metrics, webhooks) never touch the session store.
 */
export function loadRequestSessions(pages: FastifyInstance, ctx: AppContext): void {
  pages.decorateRequest('appSession', null);
  pages.decorateRequest('user', null);
  pages.addHook('preHandler', async (request, reply) => {
    request.appSession = await loadAndTouch(ctx, request);
    // CSRF before the user: a forged request is refused before anything is asked on its behalf.
    if (STATE_CHANGING.has(request.method) && !(await passesCsrf(ctx, request, reply))) return reply;
    if (request.routeOptions.config.identifyUser === false) return;
    request.user = (await signedInUser(ctx, request, reply))?.user ?? null;
  });
}

/**
 * Verifies the CSRF token. A form posted from a page of a session that has since ended (revoked from
 * elsewhere, expired) carries that session's token: the person is told they were signed out, and why,
 * rather than that the form came from another site. Nothing is done either way.
 */
async function passesCsrf(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  try {
    ctx.csrf.verify(request, request.appSession);
    return true;
  } catch (error) {
    const ended =
      error instanceof AppError && error.code === 'CSRF_REJECTED' ? await endedSessionOf(ctx, request) : undefined;
    if (!ended) throw error;
    request.log.info({ revoked: ended.note?.cause ?? false }, 'form posted from a session that has ended');
    await sendSignedOutPage(reply, '/', ended.note);
    return false;
  }
}

async function loadAndTouch(ctx: AppContext, request: FastifyRequest): Promise<ActiveSession | null> {
  const session = await ctx.sessions.load(request.cookies[ctx.sessions.cookieName]);
  if (!session) return null;
  const touchIntervalMs = Math.min(60_000, (ctx.config.session.idleSeconds * 1000) / 10);
  // Most requests come well within the interval: no store write, and nothing to wait for.
  if (!ctx.sessions.isTouchDue(session, touchIntervalMs)) return session;
  return (await ctx.sessions.touch(session)) ? session : null;
}

/**
 * The signed-in person and their session, for a route registered in the signed-in scope (whose
 * preHandler answered every other request already).
 */
export function signedInOf(request: FastifyRequest): SignedIn {
  const { appSession: session, user } = request;
  if (!session || !user)
    throw new Error(`${request.routeOptions.url ?? request.url} is not registered in the signed-in scope`);
  return { session, user };
}

import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { sendSignedOutPage, signedOutElsewhere } from '../revocation/signed-out-elsewhere.ts';

/**
 * The signed-in scope's preHandler: a request without a signed-in person is answered before any
 * handler runs, with a redirect to the login page that brings them back here (`/login?returnTo=…`),
 * or, for a browser whose session was revoked from elsewhere, with a page saying so.
 */
export function requireSignIn(ctx: AppContext): preHandlerAsyncHookHandler {
  return async function requireSignedIn(request: FastifyRequest, reply: FastifyReply) {
    if (request.user) return;
    const returnTo = request.method === 'GET' ? request.url : '/';
    const note = await signedOutElsewhere(ctx, request);
    if (note) return sendSignedOutPage(reply, returnTo, note);
    return reply.redirect(`/login?returnTo=${encodeURIComponent(returnTo)}`, 303);
  };
}

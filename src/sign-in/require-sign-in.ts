import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { signedInUser, type SignedIn } from '../sessions/signed-in-user.ts';
import { sendSignedOutElsewherePage, wasSignedOutElsewhere } from '../revocation/signed-out-elsewhere.ts';

/**
 * The signed-in person, or null after answering with a redirect to the login page that brings them
 * back here (`/login?returnTo=…`), or, for a browser whose session was revoked from elsewhere, with
 * a page saying so. Handlers return the reply when this gives null.
 */
export async function requireSignIn(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<SignedIn | null> {
  const signedIn = await signedInUser(ctx, request, reply);
  if (!signedIn) {
    const returnTo = request.method === 'GET' ? request.url : '/';
    if (await wasSignedOutElsewhere(ctx, request)) sendSignedOutElsewherePage(reply, returnTo);
    else await reply.redirect(`/login?returnTo=${encodeURIComponent(returnTo)}`, 303);
  }
  return signedIn;
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { sendPage } from '../web/send-page.ts';
import { messagePage } from '../web/message-page.ts';

const SIGNED_OUT_ELSEWHERE = 'You were signed out from another device.';

/**
 * Whether this browser's session was revoked from elsewhere (another device, an admin, FusionAuth),
 * rather than ended by the person or by time. Its next OAuth sign-in then asks for the password
 * (`prompt=login`): FusionAuth's SSO session of this browser may still be alive.
 */
export function wasSignedOutElsewhere(ctx: AppContext, request: FastifyRequest): Promise<boolean> {
  return ctx.sessions.wasRevoked(request.cookies[ctx.sessions.cookieName]);
}

/** The welcome page's notice for such a browser, else undefined. */
export async function signedOutElsewhereNotice(ctx: AppContext, request: FastifyRequest): Promise<string | undefined> {
  return (await wasSignedOutElsewhere(ctx, request)) ? SIGNED_OUT_ELSEWHERE : undefined;
}

/** What such a browser gets instead of a page that needs a sign-in: a 401 with the news and a way back in. */
export function sendSignedOutElsewherePage(reply: FastifyReply, returnTo: string): FastifyReply {
  return sendPage(
    reply,
    401,
    messagePage(
      { signedInAs: null },
      {
        title: 'Signed out',
        text: `${SIGNED_OUT_ELSEWHERE} Sign in again to continue.`,
        action: { href: `/login?returnTo=${encodeURIComponent(returnTo)}`, label: 'Sign in again' },
      },
    ),
  );
}

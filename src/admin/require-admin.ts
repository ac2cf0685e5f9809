import type { User } from '@fusionauth/typescript-client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { checkApplicationAccess } from '../fusionauth/application-access.ts';
import { sendPage } from '../web/send-page.ts';
import { messagePage } from '../web/message-page.ts';
import { requireSignIn } from '../sign-in/require-sign-in.ts';
import type { SignedIn } from '../sessions/signed-in-user.ts';

/** The role a registration needs for /admin. */
export const ADMIN_ROLE = 'admin';

export interface SignedInAdmin extends SignedIn {
  /** The admin as FusionAuth has them now. */
  admin: User & { id: string };
  csrfToken: string;
}

/**
 * The signed-in admin, or null after answering: a redirect to log in, or a 403 page. The admin role is
 * read from FusionAuth at every admin request, not from a cache or a token, so a demoted admin loses
 * the page at once.
 */
export async function requireAdmin(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<SignedInAdmin | null> {
  const signedIn = await requireSignIn(ctx, request, reply);
  if (!signedIn?.user.id) return null;
  const user = await ctx.fusionAuth.retrieveUser(signedIn.user.id);
  const registration = user?.registrations?.find((candidate) => candidate.applicationId === ctx.fusionAuth.applicationId);
  const csrfToken = ctx.csrf.tokenFor(request, reply, signedIn.session);
  if (!user?.id || !checkApplicationAccess(user, ctx.fusionAuth.applicationId).allowed || !registration?.roles?.includes(ADMIN_ROLE)) {
    request.log.info({ userId: signedIn.user.id }, 'admin page refused: not an admin');
    sendPage(reply, 403, messagePage({ signedInAs: signedIn.user.email ?? '', csrfToken }, {
      title: 'Administrators only',
      text: 'This page is for administrators of this application. Your account does not have that role.',
      action: { href: '/', label: 'Go to the home page' },
    }));
    return null;
  }
  return { ...signedIn, admin: { ...user, id: user.id }, csrfToken };
}

import type { User } from '@fusionauth/typescript-client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { checkApplicationAccess } from '../fusionauth/application-access.ts';
import { signedInOf } from '../sessions/request-session.ts';
import type { SignedIn } from '../sessions/signed-in-user.ts';
import { sendPage } from '../web/send-page.ts';
import { messagePage } from '../web/message-page.ts';

/** The role a registration needs for /admin. */
export const ADMIN_ROLE = 'admin';

declare module 'fastify' {
  interface FastifyRequest {
    /** In the admin scope: the signed-in admin as FusionAuth has them now. */
    admin: (User & { id: string }) | null;
  }
}

export interface SignedInAdmin extends SignedIn {
  /** The admin as FusionAuth has them now. */
  admin: User & { id: string };
  csrfToken: string;
}

/**
 * Makes `admin` a scope whose every route is for administrators: its preHandler (after the signed-in
 * scope's) answers anyone else with a 403 page. The admin role is read from FusionAuth at every admin
 * request, not from a cache or a token, so a demoted admin loses the page at once.
 */
export function requireAdminRole(admin: FastifyInstance, ctx: AppContext): void {
  admin.decorateRequest('admin', null);
  admin.addHook('preHandler', async (request, reply) => {
    const signedIn = signedInOf(request);
    const user = signedIn.user.id ? await ctx.fusionAuth.users.retrieveUser(signedIn.user.id) : null;
    const registration = user?.registrations?.find(
      (candidate) => candidate.applicationId === ctx.fusionAuth.applicationId,
    );
    if (
      user?.id &&
      checkApplicationAccess(user, ctx.fusionAuth.applicationId).allowed &&
      registration?.roles?.includes(ADMIN_ROLE)
    ) {
      request.admin = { ...user, id: user.id };
      return;
    }
    request.log.info({ userId: signedIn.user.id }, 'admin page refused: not an admin');
    return sendPage(
      reply,
      403,
      messagePage(
        { signedInAs: signedIn.user.email ?? '', csrfToken: ctx.csrf.tokenFor(request, reply, signedIn.session) },
        {
          title: 'Administrators only',
          text: 'This page is for administrators of this application. Your account does not have that role.',
          action: { href: '/', label: 'Go to the home page' },
        },
      ),
    );
  });
}

/** The signed-in admin of a route in the admin scope, with a CSRF token for the page's forms. */
export function signedInAdminOf(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): SignedInAdmin {
  const { admin } = request;
  if (!admin) throw new Error(`${request.routeOptions.url ?? request.url} is not registered in the admin scope`);
  const signedIn = signedInOf(request);
  return { ...signedIn, admin, csrfToken: ctx.csrf.tokenFor(request, reply, signedIn.session) };
}

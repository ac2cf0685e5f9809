import type { User } from '@fusionauth/typescript-client';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { sendPage } from '../web/send-page.ts';
import { profilePage, welcomePage } from './profile-page.ts';
import { ADMIN_ROLE } from '../admin/require-admin.ts';
import { signedOutElsewhereNotice } from '../revocation/signed-out-elsewhere.ts';

/** GET /: a welcome when signed out, the person's profile when signed in. */
export async function profileRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/', async (request, reply) => {
    if (!request.user) return sendPage(reply, 200, welcomePage(await signedOutElsewhereNotice(ctx, request)));
    const user = await withProfileDetails(ctx, request.user);
    const csrfToken = ctx.csrf.tokenFor(request, reply, request.appSession);
    return sendPage(
      reply,
      200,
      // The user record itself, not a copy: the page keeps its rendered profile per record.
      profilePage({ signedInAs: user.email ?? '', csrfToken }, user, { isAdmin: isAdmin(ctx, user) }),
    );
  });
}

/** Whether to offer the admin page; /admin itself checks the role with FusionAuth again. */
function isAdmin(ctx: AppContext, user: User): boolean {
  const registration = user.registrations?.find(
    (candidate) => candidate.applicationId === ctx.fusionAuth.applicationId,
  );
  return registration?.roles?.includes(ADMIN_ROLE) ?? false;
}

/**
 * Tokens mode knows the person from the access token alone, which has no names or dates. The profile
 * page fetches the full record once (then cached) to show them; FusionAuth being down only hides them.
 */
async function withProfileDetails(ctx: AppContext, user: User): Promise<User> {
  const userId = user.id;
  if (user.insertInstant !== undefined || !userId) return user;
  try {
    const full = await ctx.users.load(userId);
    if (!full) return user;
    ctx.users.remember(full, ctx.now());
    return full;
  } catch {
    return user;
  }
}

import type { FastifyInstance, FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { logoutPage } from './sign-out-page.ts';
import { endSession } from '../revocation/end-sessions.ts';
import { sendFormPage } from '../web/send-page.ts';
import { oauthClientOf } from './oauth-client.ts';

/** GET /logout asks; POST /logout (CSRF-protected) revokes this session's refresh token and ends it. */
export async function signOutRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/logout', async (request, reply) => {
    return sendFormPage(ctx, request, reply, 200, (csrfToken) =>
      logoutPage({ signedInAs: request.user?.email ?? null, csrfToken }),
    );
  });

  // Signing out needs no word from FusionAuth about the user: it works while FusionAuth is down.
  app.post('/logout', { config: { identifyUser: false } }, async (request, reply) => {
    const session = request.appSession;
    if (session) await endSession(ctx, { key: session.key, session: session.record }, request.log, 'logout');
    ctx.sessions.clearCookie(reply);
    request.appSession = null;
    if (session?.record.userId) request.log.info({ userId: session.record.userId }, 'logged out');
    if (ctx.config.loginFlow === 'oauth') return reply.redirect(await oauthLogoutUrl(ctx, request.log), 303);
    return reply.redirect('/?signed-out=1', 303);
  });
}

/**
 * Where POST /logout sends the browser in oauth mode: FusionAuth's `/oauth2/logout`, which ends its
 * SSO session, so the next "Log in" shows the form again instead of signing the same person back in
 * silently. When FusionAuth cannot be reached the app session is already over; the browser goes home.
 */
export async function oauthLogoutUrl(ctx: AppContext, log: FastifyBaseLogger): Promise<string> {
  try {
    return (await oauthClientOf(ctx).buildEndSessionUrl()).href;
  } catch (error) {
    log.warn({ err: error }, 'cannot build the FusionAuth logout URL; its SSO session stays open');
    return '/';
  }
}

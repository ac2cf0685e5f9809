import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { logoutPage } from '../web/views/logout-page.ts';
import { endSession } from './end-session.ts';
import { oauthLogoutUrl } from './oauth-logout.ts';
import { sendFormPage } from './send-form-page.ts';
import { replaceRequestSession, sessionOf, signedInUser } from './signed-in.ts';

/** GET /logout asks; POST /logout (CSRF-protected) revokes this session's refresh token and ends it. */
export async function logoutRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/logout', async (request, reply) => {
    const signedIn = await signedInUser(ctx, request, reply);
    return sendFormPage(ctx, request, reply, 200, (csrfToken) =>
      logoutPage({ signedInAs: signedIn?.user.email ?? null, csrfToken }),
    );
  });

  app.post('/logout', async (request, reply) => {
    const session = await sessionOf(ctx, request);
    if (session) await endSession(ctx, { key: session.key, session: session.record }, request.log, 'logout');
    ctx.sessions.clearCookie(reply);
    replaceRequestSession(request, null);
    if (session?.record.userId) request.log.info({ userId: session.record.userId }, 'logged out');
    if (ctx.config.loginFlow === 'oauth') return reply.redirect(await oauthLogoutUrl(ctx, request.log), 303);
    return reply.redirect('/', 303);
  });
}

import type { FastifyInstance, FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { logoutPage } from './sign-out-page.ts';
import { endSession } from '../revocation/end-sessions.ts';
import { formText } from '../web/form-input.ts';
import { sendFormPage } from '../web/send-page.ts';
import { oauthClientOf } from './oauth-client.ts';
import { rememberSignedOutHere } from './signed-out-here.ts';

/**
 * GET /logout asks; POST /logout (CSRF-protected) revokes this session's refresh token and ends it.
 * With LOGIN_FLOW=oauth the person chooses: `scope=this-app` ends only this app's session (FusionAuth's
 * SSO session stays for the other apps, and the next sign-in here asks for the password), while
 * `scope=all-apps`, and the header's button, end FusionAuth's SSO session and with it every app's
 * session of this browser.
 */
export async function signOutRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const singleSignOn = ctx.config.loginFlow === 'oauth';
  app.get('/logout', async (request, reply) => {
    return sendFormPage(ctx, request, reply, 200, (csrfToken) =>
      logoutPage({ signedInAs: request.user?.email ?? null, csrfToken }, { appName: ctx.config.appName, singleSignOn }),
    );
  });

  // Signing out needs no word from FusionAuth about the user: it works while FusionAuth is down.
  app.post('/logout', { config: { identifyUser: false } }, async (request, reply) => {
    const session = request.appSession;
    const thisAppOnly = formText(request.body, 'scope') === 'this-app';
    if (session) await endSession(ctx, { key: session.key, session: session.record }, request.log, 'logout');
    ctx.sessions.clearCookie(reply);
    request.appSession = null;
    if (session?.record.userId) request.log.info({ userId: session.record.userId, thisAppOnly }, 'logged out');
    if (!singleSignOn) return reply.redirect('/?signed-out=1', 303);
    if (thisAppOnly) {
      rememberSignedOutHere(ctx, reply);
      return reply.redirect('/?signed-out=1', 303);
    }
    await endSingleSignOnSession(ctx, request, session?.record.ssoSessionId);
    return reply.redirect(await oauthLogoutUrl(ctx, request.log), 303);
  });
}

/**
 * "Sign out of all": the back channel first. Revoking the SSO session (the ID token's `sid`, a refresh
 * token with no application) makes FusionAuth send `jwt.refresh-token.revoke` to every application's
 * webhook, and each ends the sessions signed in through it, on every instance; the logout page's
 * iframes (front channel, `logoutURL`) only help where the browser still sends cookies to them.
 */
async function endSingleSignOnSession(
  ctx: AppContext,
  request: FastifyRequest,
  ssoSessionId: string | undefined,
): Promise<void> {
  if (!ssoSessionId) return;
  await ctx.fusionAuth.revocation.revokeRefreshToken(ssoSessionId).catch((error: unknown) => {
    request.log.warn({ err: error }, 'could not end the FusionAuth SSO session; its logout page still tries');
  });
}

/**
 * Where POST /logout sends the browser in oauth mode: FusionAuth's `/oauth2/logout`, which ends its
 * SSO session, so the next "Sign in" shows the form again instead of signing the same person back in
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

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../app-context.ts';
import { endSession } from '../revocation/end-sessions.ts';
import { FormText, queryOf } from '../web/form-input.ts';
import { html } from '../web/html.ts';
import { oauthClientOf } from './oauth-client.ts';

type Outcome = 'signed-out' | 'nothing';

/**
 * GET /logout/front-channel: the application's `logoutURL`, which FusionAuth's logout page loads in
 * an iframe for every application of the tenant (`logoutBehavior: AllApplications`,
 * https://fusionauth.io/docs/lifecycle/authenticate-users/logout-session-management). It ends this
 * browser's session here when that session came through a FusionAuth SSO session, and `sid` and `iss`,
 * when sent (OpenID Connect Front-Channel Logout 1.0, https://openid.net/specs/openid-connect-frontchannel-1_0.html),
 * name that session and our issuer. Anything else is a 200 that ends nothing. Browsers often send no
 * cookie to a cross-site iframe, so this is never the only way out: the revoke webhook is
 * (sign-out.ts). The answer is a small HTML page, never a download, framable by FusionAuth only.
 */
export async function frontChannelLogoutRoutes(instance: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const fusionAuthOrigin = new URL(ctx.config.fusionAuth.url).origin;
  app.get(
    '/logout/front-channel',
    { config: { identifyUser: false }, schema: { querystring: queryOf({ sid: FormText, iss: FormText }) } },
    async (request, reply) => {
      const outcome = await endSessionOfSsoSession(ctx, request, request.query);
      reply
        .removeHeader('x-frame-options')
        .header('content-security-policy', `default-src 'none'; frame-ancestors ${fusionAuthOrigin}`);
      return sendFrontChannelAnswer(reply, ctx.config.appName, outcome);
    },
  );
}

async function endSessionOfSsoSession(
  ctx: AppContext,
  request: FastifyRequest,
  query: { sid?: string | undefined; iss?: string | undefined },
): Promise<Outcome> {
  const session = request.appSession;
  const ssoSessionId = session?.record.ssoSessionId;
  if (!session || !ssoSessionId) return 'nothing';
  if (query.sid !== undefined && query.sid !== ssoSessionId) return 'nothing';
  if (query.iss !== undefined && !(await isOurIssuer(ctx, query.iss))) return 'nothing';
  await endSession(ctx, { key: session.key, session: session.record }, request.log, 'logout');
  request.appSession = null;
  request.log.info({ userId: session.record.userId }, 'signed out by FusionAuth’s logout page');
  return 'signed-out';
}

async function isOurIssuer(ctx: AppContext, iss: string): Promise<boolean> {
  try {
    return (await oauthClientOf(ctx).issuer()) === iss;
  } catch {
    return false;
  }
}

function sendFrontChannelAnswer(reply: FastifyReply, appName: string, outcome: Outcome): FastifyReply {
  const text = outcome === 'signed-out' ? `Signed out of ${appName}.` : `Nothing to sign out of in ${appName}.`;
  return reply
    .code(200)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(
      html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${text}</title></head><body><p>${text}</p></body></html>`
        .value,
    );
}

/**
 * `GET|POST /oauth2/logout` (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints#logout): ends the dev server's SSO session
 * only (refresh tokens and JWTs live on), then a plain 302 with an empty body to the first of:
 * `post_logout_redirect_uri` when it is authorized for the application, the application's
 * `logoutURL`, the tenant's `logoutURL`, `/`. The application comes from `client_id`, else from the `id_token_hint`'s audience.
 * Not documented; "authorized" is read as: an authorized redirect URL, or the logout URL itself.
 * With the application's `oauthConfiguration.logoutBehavior` set to `AllApplications`, FusionAuth's
 * "Logging out" page calls every logout URL of the tenant's applications in iframes, then goes there.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bodyObject } from '../http/body.ts';
import type { JsonObject, StoredApplication } from '../state/model.ts';
import type { DevServerContext } from '../context.ts';
import { listApplications } from '../domain/applications.ts';
import { findTenant } from '../domain/tenants.ts';
import { redirect } from './authorization-response.ts';
import { findClient, isAuthorizedRedirect, oauthSetting } from './clients.ts';
import { sendHostedPage } from './hosted-page.ts';
import { loggingOutPage } from './message-pages.ts';
import { readIdTokenHint } from './id-token.ts';
import { endSsoSession } from './sso-session.ts';

function text(params: JsonObject, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function applicationOf(context: DevServerContext, params: JsonObject): Promise<StoredApplication | undefined> {
  const clientId = text(params, 'client_id');
  if (clientId) return findClient(context, clientId);
  const hint = text(params, 'id_token_hint');
  const claims = hint ? await readIdTokenHint(context, hint) : null;
  const audience = Array.isArray(claims?.aud) ? claims.aud[0] : claims?.aud;
  return findClient(context, audience);
}

/** The tenant's `logoutURL`: where a logout goes when its application sets none. */
function tenantLogoutUrl(context: DevServerContext, application: StoredApplication | undefined): string | undefined {
  const value = application ? findTenant(context, application.tenantId)?.config.logoutURL : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function destination(
  context: DevServerContext,
  application: StoredApplication | undefined,
  params: JsonObject,
): string {
  const requested = text(params, 'post_logout_redirect_uri');
  const logoutUrl = application ? oauthSetting(application, 'logoutURL') : undefined;
  if (requested && application && (isAuthorizedRedirect(application, requested) || requested === logoutUrl)) {
    const state = text(params, 'state');
    if (!state) return requested;
    const url = new URL(requested);
    url.searchParams.set('state', state);
    return url.href;
  }
  return logoutUrl ?? tenantLogoutUrl(context, application) ?? '/';
}

/** Registers GET and POST /oauth2/logout. */
export function registerOAuthLogoutRoutes(app: FastifyInstance, context: DevServerContext): void {
  const logout = async (request: FastifyRequest, reply: FastifyReply, params: JsonObject) => {
    endSsoSession(context, request, reply);
    const application = await applicationOf(context, params);
    const target = destination(context, application, params);
    if (!application || oauthSetting(application, 'logoutBehavior') !== 'AllApplications')
      return redirect(reply, target);
    const logoutUrls = listApplications(context)
      .filter((candidate) => candidate.tenantId === application.tenantId && candidate.active)
      .map((candidate) => oauthSetting(candidate, 'logoutURL'))
      .filter((url): url is string => url !== undefined && URL.canParse(url));
    return sendHostedPage(reply, loggingOutPage(target, logoutUrls), {
      frameOrigins: logoutUrls.map((url) => new URL(url).origin),
    });
  };
  app.get('/oauth2/logout', async (request: FastifyRequest<{ Querystring: JsonObject }>, reply) =>
    logout(request, reply, request.query),
  );
  app.post('/oauth2/logout', async (request, reply) => logout(request, reply, bodyObject(request.body)));
}

/**
 * FusionAuth's hosted backend (https://fusionauth.io/docs/apis/hosted-backend), which FusionAuth's React,
 * Angular and Vue SDKs call in place of a server of the app's own: `/app/login` and `/app/register` start an
 * authorization code grant with PKCE whose redirect URI is `/app/callback`; the callback exchanges the code
 * and keeps the tokens in the `app.*` cookies (cookies.ts); `/app/refresh` runs the refresh token grant on
 * `app.rt`; `/app/me` answers `/oauth2/userinfo` for `app.at`; `/app/logout` clears the cookies and goes
 * through `/oauth2/logout`. The client id is a path segment (as documented) or `client_id` (as the SDKs
 * send it). It is a client of this server's own token and userinfo endpoints, with the client's secret.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import type { DevServerContext } from '../context.ts';
import { jwtSettings } from '../domain/settings.ts';
import { findTenant } from '../domain/tenants.ts';
import type { JsonObject, StoredApplication } from '../state/model.ts';
import { redirect } from '../oauth/authorization-response.ts';
import {
  authorizedRedirects,
  findClient,
  HOSTED_BACKEND_CALLBACK_PATH,
  hostedBackendCallbackUrl,
  isAuthorizedRedirect,
  oauthSetting,
  selfServiceEnabled,
} from '../oauth/clients.ts';
import { errorView, sendHostedPage } from '../oauth/hosted-page.ts';
import { sendOAuthError } from '../oauth/oauth-errors.ts';
import {
  clearLoginStateCookie,
  clearTokenCookies,
  HOSTED_BACKEND_COOKIES,
  setLoginStateCookie,
  setTokenCookies,
} from './cookies.ts';
import { finishLoginTransaction, startLoginTransaction, type LoginTransaction } from './login-transactions.ts';

type Request = FastifyRequest<{ Params: { clientId?: string }; Querystring: JsonObject }>;

/** The login parameters that are the hosted backend's own; any other (`locale`, `login_hint`…) goes on to authorize. */
const OWN_PARAMETERS = new Set([
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'response_type',
  'code_challenge',
  'code_challenge_method',
]);

function text(params: JsonObject, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function clientOf(context: DevServerContext, request: Request): StoredApplication | undefined {
  return findClient(context, request.params.clientId ?? text(request.query, 'client_id'));
}

function errorPage(reply: FastifyReply, heading: string, message: string): FastifyReply {
  return sendHostedPage(reply, errorView(heading, message), { status: 400 });
}

const UNKNOWN_CLIENT = 'The client id is missing or is not a valid application id.';

/** `/app/login` and `/app/register`: a PKCE verifier kept here, and a redirect to the hosted page. */
function startLogin(context: DevServerContext, request: Request, reply: FastifyReply, register: boolean): FastifyReply {
  const application = clientOf(context, request);
  if (!application) return errorPage(reply, 'Invalid request', UNKNOWN_CLIENT);
  const redirectUri = text(request.query, 'redirect_uri') ?? authorizedRedirects(application)[0];
  if (!redirectUri || !isAuthorizedRedirect(application, redirectUri)) {
    return errorPage(
      reply,
      'Invalid redirect',
      'The redirect_uri is not an authorized redirect URL of this application.',
    );
  }
  const codeVerifier = randomBytes(32).toString('base64url');
  const transaction: LoginTransaction = { clientId: application.id, redirectUri, codeVerifier };
  const clientState = text(request.query, 'state');
  if (clientState) transaction.clientState = clientState;
  const state = startLoginTransaction(context, transaction);
  setLoginStateCookie(request, reply, state);
  const authorize = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query)) {
    if (typeof value === 'string' && !OWN_PARAMETERS.has(name)) authorize.set(name, value);
  }
  authorize.set('client_id', application.id);
  authorize.set('redirect_uri', hostedBackendCallbackUrl(request));
  authorize.set('response_type', 'code');
  authorize.set('scope', text(request.query, 'scope') ?? 'openid offline_access');
  authorize.set('state', state);
  authorize.set('code_challenge', createHash('sha256').update(codeVerifier).digest('base64url'));
  authorize.set('code_challenge_method', 'S256');
  authorize.set('tenantId', application.tenantId);
  // Without self-service registration, /app/register is a login (as FusionAuth documents).
  const page = register && selfServiceEnabled(application) ? '/oauth2/register' : '/oauth2/authorize';
  return redirect(reply, `${page}?${authorize.toString()}`);
}

type TokenAnswer = { kind: 'ok'; body: JsonObject } | { kind: 'failed'; status: number; body: JsonObject };

/** Calls this server's token endpoint as the client, with its secret. */
async function requestTokens(
  request: FastifyRequest,
  application: StoredApplication,
  form: Record<string, string>,
): Promise<TokenAnswer> {
  const secret = oauthSetting(application, 'clientSecret') ?? '';
  const basic = Buffer.from(`${encodeURIComponent(application.id)}:${encodeURIComponent(secret)}`).toString('base64');
  const response = await request.server.inject({
    method: 'POST',
    url: '/oauth2/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
    payload: new URLSearchParams(form).toString(),
  });
  const body = response.json<JsonObject>();
  return response.statusCode === 200 ? { kind: 'ok', body } : { kind: 'failed', status: response.statusCode, body };
}

/** Keeps a token response in the `app.*` cookies. */
function keepTokens(
  context: DevServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  application: StoredApplication,
  body: JsonObject,
): void {
  const tenant = findTenant(context, application.tenantId);
  const refreshTtlMinutes = tenant ? jwtSettings(tenant, application).refreshTokenTtlMinutes : 43_200;
  const accessToken = typeof body.access_token === 'string' ? body.access_token : '';
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 0;
  const exp = decodeJwt(accessToken).exp;
  setTokenCookies(request, reply, {
    accessToken,
    expiresIn,
    expiresAt: exp ?? Math.floor(context.now() / 1000) + expiresIn,
    ...(typeof body.id_token === 'string' ? { idToken: body.id_token } : {}),
    ...(typeof body.refresh_token === 'string' ? { refreshToken: body.refresh_token } : {}),
    refreshTokenTtlSeconds: refreshTtlMinutes * 60,
  });
}

/** `/app/callback`: only for the browser that started the login (its `app.state` cookie names it). */
async function finishLogin(context: DevServerContext, request: Request, reply: FastifyReply): Promise<FastifyReply> {
  const state = text(request.query, 'state');
  const started = request.cookies[HOSTED_BACKEND_COOKIES.loginState];
  clearLoginStateCookie(request, reply);
  const transaction = state && state === started ? finishLoginTransaction(context, state) : undefined;
  const application = transaction ? findClient(context, transaction.clientId) : undefined;
  if (!transaction || !application) {
    return errorPage(
      reply,
      'Login expired',
      'This login was not started in this browser, or took too long. Start it again.',
    );
  }
  const back = new URL(transaction.redirectUri);
  if (transaction.clientState) back.searchParams.set('state', transaction.clientState);
  const code = text(request.query, 'code');
  const answer: TokenAnswer = code
    ? await requestTokens(request, application, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: hostedBackendCallbackUrl(request),
        code_verifier: transaction.codeVerifier,
      })
    : { kind: 'failed', status: 400, body: request.query };
  if (answer.kind === 'failed') {
    for (const name of ['error', 'error_reason', 'error_description']) {
      const value = text(answer.body, name);
      if (value) back.searchParams.set(name, value);
    }
    return redirect(reply, back.href);
  }
  keepTokens(context, request, reply, application, answer.body);
  return redirect(reply, back.href);
}

/** `/app/refresh`: the refresh token grant on `app.rt`; 400 means the browser must log in again. */
async function refresh(context: DevServerContext, request: Request, reply: FastifyReply): Promise<FastifyReply> {
  const application = clientOf(context, request);
  if (!application) {
    return sendOAuthError(reply, 400, {
      error: 'invalid_client',
      error_reason: 'invalid_client_id',
      error_description: UNKNOWN_CLIENT,
    });
  }
  const refreshToken = request.cookies[HOSTED_BACKEND_COOKIES.refreshToken];
  if (!refreshToken) {
    return sendOAuthError(reply, 400, {
      error: 'invalid_request',
      error_reason: 'missing_refresh_token',
      error_description: 'There is no app.rt cookie to refresh with: log in again.',
    });
  }
  const previous = request.cookies[HOSTED_BACKEND_COOKIES.accessToken];
  const answer = await requestTokens(request, application, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    ...(previous ? { access_token: previous } : {}),
  });
  if (answer.kind === 'failed') return reply.code(400).header('cache-control', 'no-store').send(answer.body);
  keepTokens(context, request, reply, application, answer.body);
  return reply.code(200).header('cache-control', 'no-store').send();
}

/** `/app/me`: what `/oauth2/userinfo` says for `app.at` (401 without one). */
async function me(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const accessToken = request.cookies[HOSTED_BACKEND_COOKIES.accessToken];
  const response = await request.server.inject({
    method: 'GET',
    url: '/oauth2/userinfo',
    headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {},
  });
  return reply
    .code(response.statusCode)
    .header('cache-control', 'no-store')
    .header('content-type', 'application/json; charset=utf-8')
    .send(response.body);
}

/** `/app/logout`: the cookies go, then `/oauth2/logout` ends the SSO session and redirects. */
function logout(context: DevServerContext, request: Request, reply: FastifyReply): FastifyReply {
  const application = clientOf(context, request);
  clearTokenCookies(request, reply);
  if (!application) return errorPage(reply, 'Invalid request', UNKNOWN_CLIENT);
  const query = new URLSearchParams({ client_id: application.id });
  // FusionAuth documents `redirect_uri`; its SDKs send `post_logout_redirect_uri`.
  const next = text(request.query, 'redirect_uri') ?? text(request.query, 'post_logout_redirect_uri');
  if (next) query.set('post_logout_redirect_uri', next);
  return redirect(reply, `/oauth2/logout?${query.toString()}`);
}

/** Registers the hosted backend's routes, with and without the client id in the path. */
export function registerHostedBackendRoutes(app: FastifyInstance, context: DevServerContext): void {
  for (const path of ['/app/login', '/app/login/', '/app/login/:clientId']) {
    app.get(path, async (request: Request, reply) => startLogin(context, request, reply, false));
  }
  for (const path of ['/app/register', '/app/register/', '/app/register/:clientId']) {
    app.get(path, async (request: Request, reply) => startLogin(context, request, reply, true));
  }
  app.get(HOSTED_BACKEND_CALLBACK_PATH, async (request: Request, reply) => finishLogin(context, request, reply));
  for (const path of ['/app/refresh', '/app/refresh/', '/app/refresh/:clientId']) {
    app.post(path, async (request: Request, reply) => refresh(context, request, reply));
  }
  for (const path of ['/app/me', '/app/me/']) app.get(path, async (request, reply) => me(request, reply));
  for (const path of ['/app/logout', '/app/logout/', '/app/logout/:clientId']) {
    app.get(path, async (request: Request, reply) => logout(context, request, reply));
  }
}

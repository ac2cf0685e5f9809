import type { User } from '@fusionauth/typescript-client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../errors.ts';
import { checkApplicationAccess } from '../fusionauth/application-access.ts';
import type { IssuedTokens } from '../fusionauth/login-outcome.ts';
import type { PendingAuthorization } from '../sessions/session-store.ts';
import { sendPage } from '../web/send-page.ts';
import { messagePage, type Message } from '../web/message-page.ts';
import { oauthClientOf } from './oauth-client.ts';
import { forgetSignedOutHere } from './signed-out-here.ts';
import { startSignedInSession, type SignInOrigin } from './start-signed-in-session.ts';
import { refusalMessage, type AccessRefusal } from './refusal-messages.ts';

/** How long a person may spend on FusionAuth's pages before the transaction is stale. */
const PENDING_TTL_MS = 15 * 60 * 1000;
/** Clock difference allowed between the app and FusionAuth when comparing `auth_time`. */
const AUTH_TIME_TOLERANCE_MS = 5_000;

const TRY_AGAIN = { href: '/login', label: 'Try again' };

/** Every way the callback can fail, with its status and plain words; never a 5xx page for a refusal. */
const FAILURES: Record<Exclude<Failure, AccessRefusal>, { status: number; title: string; text: string }> = {
  stale: {
    status: 400,
    title: 'This sign-in has expired',
    text: 'The sign-in was not started in this browser, took too long, or was already completed. Nothing was changed.',
  },
  refused: {
    status: 400,
    title: 'Sign-in was not completed',
    text: 'The sign-in service did not sign you in (it was cancelled or refused).',
  },
  invalid: {
    status: 400,
    title: 'Sign-in could not be verified',
    text: 'The answer from the sign-in service was invalid, expired or already used, so nothing was done.',
  },
  'not-reauthenticated': {
    status: 400,
    title: 'Sign in with your password',
    text: 'This browser was signed out, so it must sign in with the password again. Nothing was changed.',
  },
  'no-user': {
    status: 403,
    title: 'Account not found',
    text: 'The sign-in service signed in an account that no longer exists.',
  },
  unavailable: {
    status: 503,
    title: 'Sign-in is temporarily unavailable',
    text: 'We cannot reach the sign-in service right now. Nothing was lost; please try again in a moment.',
  },
};

type Failure = 'stale' | 'refused' | 'invalid' | 'not-reauthenticated' | 'no-user' | 'unavailable' | AccessRefusal;

/** A failure worth retrying has "Try again"; a person the app refuses reads the form flow's words and the way home. */
function sendFailure(reply: FastifyReply, failure: Failure): FastifyReply {
  if (failure === 'inactive' || failure === 'not-registered' || failure === 'deactivated') {
    return sendPage(reply, 403, messagePage({ signedInAs: null }, refusalMessage(failure)));
  }
  const { status, title, text } = FAILURES[failure];
  const message: Message = { title, text, action: TRY_AGAIN };
  return sendPage(reply, status, messagePage({ signedInAs: null }, message));
}

/** GET /oauth-callback: the kickstart's authorized redirect URL. */
export function oauthCallbackRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get('/oauth-callback', async (request, reply) => {
    const pending = await takePendingAuthorization(ctx, request);
    if (!pending) return sendFailure(reply, 'stale');
    try {
      return await completeSignIn(ctx, request, reply, pending);
    } catch (error) {
      const failure = classify(error);
      request.log.info({ failure, err: error }, 'OAuth callback refused');
      return sendFailure(reply, failure);
    }
  });
}

/**
 * The session's pending transaction, removed from it before the code is used, so the callback works
 * once: a reload, a replay or a second tab finds nothing and gets the "expired" page.
 */
async function takePendingAuthorization(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<PendingAuthorization | null> {
  const session = request.appSession;
  const pending = session?.record.pendingAuthorization;
  if (!session || !pending) return null;
  delete session.record.pendingAuthorization;
  if (!(await ctx.sessions.save(session))) return null;
  return ctx.now() - pending.createdAt <= PENDING_TTL_MS ? pending : null;
}

async function completeSignIn(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  pending: PendingAuthorization,
): Promise<FastifyReply> {
  const query = new URL(request.url, 'http://callback.invalid').search;
  const response = await oauthClientOf(ctx).exchangeCode(query, pending);
  const userId = response.claims()?.sub;
  const tokens = issuedTokens(ctx, response);
  const user = userId ? await ctx.fusionAuth.users.retrieveUser(userId) : null;
  const refusal =
    pending.forceLogin && !authenticatedSince(response.claims()?.auth_time, pending.createdAt)
      ? 'not-reauthenticated'
      : refusalFor(ctx, user);
  if (refusal || !user?.id) {
    // The code exchange issued a refresh token; a refused person must not keep it.
    if (tokens.refreshTokenId) await ctx.fusionAuth.revocation.revokeRefreshToken(tokens.refreshTokenId);
    request.log.info({ userId, refusal }, 'OAuth sign-in refused by the application rules');
    ctx.metrics.signIns.inc({ flow: 'oauth', outcome: refusal ?? 'no-user' });
    return sendFailure(reply, refusal ?? 'no-user');
  }
  await startSignedInSession(ctx, request, reply, { ...user, id: user.id }, tokens, signInOrigin(response, pending));
  forgetSignedOutHere(ctx, request, reply);
  ctx.metrics.signIns.inc({ flow: 'oauth', outcome: 'ok' });
  return reply.redirect(pending.returnTo, 303);
}

/**
 * Whether FusionAuth authenticated the person after `instant` (epoch ms). `prompt=login` is only a
 * request, which anyone can strip from the URL, so its answer is checked by `auth_time`
 * (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/prompt).
 */
function authenticatedSince(authTime: unknown, instant: number): boolean {
  return typeof authTime === 'number' && authTime * 1000 >= instant - AUTH_TIME_TOLERANCE_MS;
}

/**
 * The SSO session the sign-in came through: the ID token's `sid`, which FusionAuth documents as the
 * SSO session's id (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/tokens#id-token);
 * and whether it signed the person in without a password: an authentication in a whole second before
 * the transaction started (`auth_time` has seconds; only a label, so a skewed clock mislabels, no more).
 */
function signInOrigin(response: client.TokenEndpointResponseHelpers, pending: PendingAuthorization): SignInOrigin {
  const claims = response.claims();
  const sid = typeof claims?.sid === 'string' && claims.sid !== '' ? claims.sid : undefined;
  const bySso = typeof claims?.auth_time === 'number' && claims.auth_time < Math.floor(pending.createdAt / 1000);
  return { ...(sid ? { ssoSessionId: sid } : {}), ...(bySso ? { signedInWith: 'sso' as const } : {}) };
}

/** The same registration / `deactivated` rule as the form flow. */
function refusalFor(ctx: AppContext, user: User | null): Failure | null {
  if (!user) return 'no-user';
  const access = checkApplicationAccess(user, ctx.fusionAuth.applicationId);
  return access.allowed ? null : access.reason;
}

function issuedTokens(ctx: AppContext, response: client.TokenEndpointResponse): IssuedTokens {
  const refreshTokenId = response.refresh_token_id;
  return {
    accessToken: response.access_token,
    accessTokenExpiresAt: ctx.now() + (response.expires_in ?? 0) * 1000,
    refreshToken: response.refresh_token,
    refreshTokenId: typeof refreshTokenId === 'string' ? refreshTokenId : undefined,
  };
}

function classify(error: unknown): Failure {
  if (error instanceof AppError)
    return error.code === 'FUSIONAUTH_UNAVAILABLE' || error.code === 'FUSIONAUTH_UNEXPECTED_RESPONSE'
      ? 'unavailable'
      : 'invalid';
  if (error instanceof client.AuthorizationResponseError) return 'refused';
  return 'invalid';
}

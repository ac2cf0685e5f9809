import type { User } from '@fusionauth/typescript-client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import type { IssuedTokens } from '../fusionauth/login-outcome.ts';
import type { SessionRecord } from '../sessions/session-store.ts';

/** How a sign-in happened, when not with a password typed here, and the FusionAuth SSO session it came through. */
export type SignInOrigin = Pick<SessionRecord, 'signedInWith' | 'ssoSessionId'>;

/**
 * Signs the person in: the session they came with is destroyed and a brand-new one is issued
 * (session fixation), holding the user id and, in tokens mode, FusionAuth's tokens.
 */
export async function startSignedInSession(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  user: User & { id: string },
  tokens: IssuedTokens | undefined,
  origin: SignInOrigin = {},
): Promise<void> {
  const keepTokens = ctx.config.session.mode === 'tokens';
  if (!keepTokens && tokens?.refreshTokenId) {
    // FusionAuth's registration API always issues tokens; user mode keeps none, so none may linger.
    await ctx.fusionAuth.revocation.revokeRefreshToken(tokens.refreshTokenId);
  }
  const previous = request.appSession;
  if (previous) await ctx.sessions.remove(previous.key);
  const session = await ctx.sessions.start(reply, {
    userId: user.id,
    ip: request.ip,
    userAgent: request.headers['user-agent']?.slice(0, 512),
    // Signing in is proof of who it is, so account changes right after it ask nothing more; riding on
    // FusionAuth's SSO session proves only that this browser holds it, so those changes ask once.
    ...(origin.signedInWith === 'sso' ? {} : { reauthenticatedAt: ctx.now() }),
    ...(origin.signedInWith ? { signedInWith: origin.signedInWith } : {}),
    ...(origin.ssoSessionId ? { ssoSessionId: origin.ssoSessionId } : {}),
    ...(keepTokens && tokens ? { tokens: storedTokens(tokens) } : {}),
  });
  ctx.users.remember(user, ctx.now());
  ctx.metrics.sessionsStarted.inc();
  request.appSession = session;
  request.user = user;
  request.log.info({ userId: user.id }, 'signed in');
}

function storedTokens(tokens: IssuedTokens) {
  return {
    accessToken: tokens.accessToken,
    accessTokenExpiresAt: tokens.accessTokenExpiresAt,
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    ...(tokens.refreshTokenId ? { refreshTokenId: tokens.refreshTokenId } : {}),
  };
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import type { TwoFactorLoginOutcome } from '../fusionauth/account-state-outcomes.ts';
import { checkApplicationAccess } from '../fusionauth/application-access.ts';
import type { LoginOutcome } from '../fusionauth/login-outcome.ts';
import { sendPage } from '../web/send-page.ts';
import { messagePage } from '../web/message-page.ts';
import { checkEmailPage } from '../registration/verification-link-pages.ts';
import { endOtherSessions } from '../revocation/end-sessions.ts';
import { pauseSignIn } from './paused-sign-in.ts';
import { sendFormPage } from '../web/send-page.ts';
import { startSignedInSession } from './start-signed-in-session.ts';
import { refusalMessage } from './refusal-messages.ts';

/** The Login API's answers that mean "one more step" rather than yes or no (https://fusionauth.io/docs/apis/login). */
export type AccountStateOutcome = Extract<
  LoginOutcome,
  { kind: 'change-password' | 'verify-email' | 'registration-unverified' | 'two-factor' }
>;

export function isAccountState(outcome: LoginOutcome): outcome is AccountStateOutcome {
  return (
    outcome.kind === 'change-password' ||
    outcome.kind === 'verify-email' ||
    outcome.kind === 'registration-unverified' ||
    outcome.kind === 'two-factor'
  );
}

/**
 * 242 → "Enter your code" (after a passkey too: `signedInWith` keeps that for the session it ends in), 203 → "You must change your password" (each id kept in an anonymous
 * session), 212 → "Check your email" and 213 → "Confirm your registration", each with a resend button.
 */
export async function continueAccountState(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: AccountStateOutcome,
  returnTo: string,
  signedInWith?: 'passkey',
): Promise<FastifyReply> {
  switch (outcome.kind) {
    case 'two-factor':
      await pauseSignIn(ctx, request, reply, {
        step: 'two-factor',
        id: outcome.twoFactorId,
        returnTo,
        ...(signedInWith ? { signedInWith } : {}),
      });
      return reply.redirect('/two-factor', 303);
    case 'change-password':
      await pauseSignIn(ctx, request, reply, {
        step: 'change-password',
        id: outcome.changePasswordId,
        returnTo,
        ...(outcome.trustToken ? { trustToken: outcome.trustToken } : {}),
      });
      return reply.redirect('/change-password', 303);
    case 'verify-email':
      request.log.info('login paused: email not verified');
      return sendFormPage(ctx, request, reply, 403, (csrfToken) =>
        checkEmailPage({ kind: 'email', csrfToken, email: outcome.email ?? '' }),
      );
    case 'registration-unverified':
      request.log.info('login paused: registration not verified');
      return sendFormPage(ctx, request, reply, 403, (csrfToken) =>
        checkEmailPage({ kind: 'registration', csrfToken, email: outcome.email ?? '' }),
      );
  }
}

/**
 * Where a sign-in step (two-factor code, new password) leads: signed in, another step, or a page
 * saying why not. `endOthers`: a password just changed, so the person's other sessions end first.
 */
export async function finishSignInStep(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: TwoFactorLoginOutcome,
  options: { returnTo: string; endOthers: boolean; signedInWith?: 'passkey' | undefined },
): Promise<FastifyReply> {
  if (
    outcome.kind !== 'ok' &&
    outcome.kind !== 'wrong-code' &&
    outcome.kind !== 'two-factor-expired' &&
    isAccountState(outcome)
  ) {
    return continueAccountState(ctx, request, reply, outcome, options.returnTo);
  }
  const user = outcome.kind === 'ok' ? outcome.user : undefined;
  const access = user ? checkApplicationAccess(user, ctx.fusionAuth.applicationId) : undefined;
  if (!user?.id || !access?.allowed) {
    if (outcome.kind === 'ok' && outcome.tokens?.refreshTokenId)
      await ctx.fusionAuth.revocation.revokeRefreshToken(outcome.tokens.refreshTokenId);
    request.log.info({ outcome: outcome.kind }, 'sign-in step refused');
    const reason =
      access && !access.allowed ? access.reason : outcome.kind === 'not-registered' ? 'not-registered' : undefined;
    ctx.metrics.signIns.inc({ flow: 'form', outcome: 'not-allowed' });
    return sendPage(reply, 403, messagePage({ signedInAs: null }, refusalMessage(reason)));
  }
  if (options.endOthers) await endOtherSessions(ctx, user.id, undefined, request.log);
  await startSignedInSession(
    ctx,
    request,
    reply,
    { ...user, id: user.id },
    outcome.kind === 'ok' ? outcome.tokens : undefined,
    options.signedInWith ? { signedInWith: options.signedInWith } : {},
  );
  ctx.metrics.signIns.inc({ flow: 'form', outcome: 'ok' });
  return reply.redirect(options.returnTo, 303);
}

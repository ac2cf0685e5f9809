import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { checkApplicationAccess } from '../fusionauth/application-access.ts';
import type { LoginOutcome } from '../fusionauth/login-outcome.ts';
import { continueAccountState, isAccountState, type AccountStateOutcome } from './next-step.ts';
import { REFUSAL_TEXT, type AccessRefusal } from './refusal-messages.ts';
import { startSignedInSession } from './start-signed-in-session.ts';

/** Outcomes that are not a sign-in, each with its status and one plain message. */
const REFUSALS: Record<
  Exclude<LoginOutcome['kind'], 'ok' | AccountStateOutcome['kind']>,
  { status: number; message: string }
> = {
  // One message and status for an unknown email and a wrong password: no account enumeration.
  'invalid-credentials': { status: 401, message: 'Email or password is wrong.' },
  'not-registered': { status: 403, message: REFUSAL_TEXT['not-registered'] },
  locked: { status: 423, message: REFUSAL_TEXT.inactive },
  prevented: { status: 409, message: 'Sign-in is blocked for this account right now. Try again later.' },
  expired: { status: 410, message: 'This account has expired. Contact support to restore it.' },
  'invalid-request': { status: 400, message: 'Enter your email and password.' },
};

export interface LoginAttempt {
  email: string;
  returnTo: string;
  /** What a refused sign-in was tried with: a password (the default) or a passkey. */
  signedInWith?: 'passkey';
  /** Answers the form again with a message about the whole attempt. */
  refuse: (status: number, message: string) => Promise<FastifyReply>;
}

/**
 * What a Login API answer (a password's, or a passkey's through the WebAuthn API) leads to: the same
 * new session, the same next steps (203, 212, 213, 242) and the same refusals, whichever way the person
 * proved who they are.
 */
export async function concludeLogin(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: LoginOutcome,
  attempt: LoginAttempt,
): Promise<FastifyReply> {
  const flow = attempt.signedInWith ?? 'form';
  if (isAccountState(outcome)) {
    const refusal = await accessRefusalBeforeStep(ctx, attempt.email);
    if (!refusal) {
      ctx.metrics.signIns.inc({ flow, outcome: outcome.kind });
      return continueAccountState(ctx, request, reply, outcome, attempt.returnTo, attempt.signedInWith);
    }
    request.log.info({ outcome: outcome.kind, refusal }, 'login refused before its next step');
    ctx.metrics.signIns.inc({ flow, outcome: 'not-allowed' });
    return attempt.refuse(403, REFUSAL_TEXT[refusal]);
  }
  if (outcome.kind !== 'ok' || !outcome.user.id) {
    const refusal = outcome.kind === 'ok' ? REFUSALS['invalid-credentials'] : REFUSALS[outcome.kind];
    request.log.info({ outcome: outcome.kind, signedInWith: attempt.signedInWith }, 'login refused');
    ctx.metrics.signIns.inc({ flow, outcome: outcome.kind });
    const passkeyRefused = attempt.signedInWith === 'passkey' && refusal.status === 401;
    return attempt.refuse(
      refusal.status,
      passkeyRefused ? 'That passkey could not sign you in. Try again, or use your password.' : refusal.message,
    );
  }
  const access = checkApplicationAccess(outcome.user, ctx.fusionAuth.applicationId);
  if (!access.allowed) {
    if (outcome.tokens?.refreshTokenId)
      await ctx.fusionAuth.revocation.revokeRefreshToken(outcome.tokens.refreshTokenId);
    request.log.info({ userId: outcome.user.id, reason: access.reason }, 'login refused by the application rules');
    ctx.metrics.signIns.inc({ flow, outcome: 'not-allowed' });
    return attempt.refuse(403, REFUSAL_TEXT[access.reason]);
  }
  await startSignedInSession(
    ctx,
    request,
    reply,
    { ...outcome.user, id: outcome.user.id },
    outcome.tokens,
    attempt.signedInWith ? { signedInWith: attempt.signedInWith } : {},
  );
  ctx.metrics.signIns.inc({ flow, outcome: 'ok' });
  return reply.redirect(attempt.returnTo, 303);
}

/**
 * FusionAuth answers 242 (or 203, 212, 213) once the password is right, before anything about this
 * application's `deactivated` role, which only the app knows. The person is told they cannot sign in
 * before being asked for a code they would type for nothing.
 */
async function accessRefusalBeforeStep(ctx: AppContext, loginId: string): Promise<AccessRefusal | null> {
  const user = await ctx.fusionAuth.users.retrieveUserByLoginId(loginId);
  if (!user) return null;
  const access = checkApplicationAccess(user, ctx.fusionAuth.applicationId);
  return access.allowed ? null : access.reason;
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { checkApplicationAccess } from '../fusionauth/application-access.ts';
import type { LoginOutcome } from '../fusionauth/login-outcome.ts';
import { FIELD_LIMITS, formText } from '../web/form-input.ts';
import { loginPage, type LoginForm } from '../web/views/login-page.ts';
import { safeReturnTo } from './return-to.ts';
import { signIn } from './sign-in.ts';
import { continueAccountState, isAccountState, type AccountStateOutcome } from './sign-in-steps.ts';
import { sendFormPage } from './send-form-page.ts';
import { signedInUser } from './signed-in.ts';

/** Outcomes that are not a sign-in, each with its status and one plain message. */
const REFUSALS: Record<Exclude<LoginOutcome['kind'], 'ok' | AccountStateOutcome['kind']>, { status: number; message: string }> = {
  // One message and status for an unknown email and a wrong password: no account enumeration.
  'invalid-credentials': { status: 401, message: 'Email or password is wrong.' },
  'not-registered': { status: 403, message: 'This account is not registered for this application.' },
  locked: { status: 423, message: 'This account is locked or deactivated. Contact support to restore it.' },
  prevented: { status: 409, message: 'Sign-in is blocked for this account right now. Try again later.' },
  expired: { status: 410, message: 'This account has expired. Contact support to restore it.' },
  'invalid-request': { status: 400, message: 'Enter your email and password.' },
};

const DEACTIVATED = { status: 403, message: 'This account has been deactivated for this application.' };

/** GET/POST /login: our own form over FusionAuth's Login API. */
export async function formLoginRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/login', async (request, reply) => {
    const returnTo = safeReturnTo(queryReturnTo(request));
    if (await signedInUser(ctx, request, reply)) return reply.redirect(returnTo, 303);
    return sendFormPage(ctx, request, reply, 200, (csrfToken) => loginPage({ returnTo, csrfToken }));
  });

  app.post('/login', { preHandler: ctx.limitSignInAttempts }, async (request, reply) => {
    const returnTo = safeReturnTo(queryReturnTo(request));
    const email = formText(request.body, 'email')?.trim() ?? '';
    const password = formText(request.body, 'password') ?? '';
    const fieldErrors = validate(email, password);
    if (fieldErrors) return sendFormPage(ctx, request, reply, 400, (csrfToken) => loginPage({ returnTo, email, fieldErrors, csrfToken }));

    const outcome = await ctx.fusionAuth.login({
      loginId: email,
      password,
      ipAddress: request.ip,
      withTokens: ctx.config.session.mode === 'tokens',
    });
    // 203, 212, 213 and 242: one more step (a new password, a confirmed email or registration, a code) before signing in.
    if (isAccountState(outcome)) ctx.metrics.signIns.inc({ flow: 'form', outcome: outcome.kind });
    if (isAccountState(outcome)) return continueAccountState(ctx, request, reply, outcome, returnTo);
    if (outcome.kind !== 'ok' || !outcome.user.id) {
      const refusal = outcome.kind === 'ok' ? REFUSALS['invalid-credentials'] : REFUSALS[outcome.kind];
      request.log.info({ outcome: outcome.kind }, 'login refused');
      ctx.metrics.signIns.inc({ flow: 'form', outcome: outcome.kind });
      return sendFormPage(ctx, request, reply, refusal.status, (csrfToken) => loginPage({ returnTo, email, error: refusal.message, csrfToken }));
    }
    if (!checkApplicationAccess(outcome.user, ctx.fusionAuth.applicationId).allowed) {
      if (outcome.tokens?.refreshTokenId) await ctx.fusionAuth.revokeRefreshToken(outcome.tokens.refreshTokenId);
      request.log.info({ userId: outcome.user.id }, 'login refused: deactivated for this application');
      ctx.metrics.signIns.inc({ flow: 'form', outcome: 'not-allowed' });
      return sendFormPage(ctx, request, reply, DEACTIVATED.status, (csrfToken) => loginPage({ returnTo, email, error: DEACTIVATED.message, csrfToken }));
    }
    await signIn(ctx, request, reply, { ...outcome.user, id: outcome.user.id }, outcome.tokens);
    ctx.metrics.signIns.inc({ flow: 'form', outcome: 'ok' });
    return reply.redirect(returnTo, 303);
  });
}

function queryReturnTo(request: FastifyRequest): unknown {
  const query = request.query as Record<string, unknown> | undefined;
  return query?.returnTo;
}

function validate(email: string, password: string): LoginForm['fieldErrors'] | undefined {
  const errors: NonNullable<LoginForm['fieldErrors']> = {};
  if (email === '') errors.email = 'Enter your email address.';
  else if (email.length > FIELD_LIMITS.email) errors.email = `Email must be at most ${FIELD_LIMITS.email} characters.`;
  if (password === '') errors.password = 'Enter your password.';
  else if (password.length > FIELD_LIMITS.password) errors.password = `Password must be at most ${FIELD_LIMITS.password} characters.`;
  return Object.keys(errors).length > 0 ? errors : undefined;
}

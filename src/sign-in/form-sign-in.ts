import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { checkApplicationAccess } from '../fusionauth/application-access.ts';
import type { LoginOutcome } from '../fusionauth/login-outcome.ts';
import { FIELD_LIMITS, FormText, formBody, queryOf } from '../web/form-input.ts';
import { loginPage, type LoginForm } from './form-sign-in-page.ts';
import { safeReturnTo } from './return-to.ts';
import { startSignedInSession } from './start-signed-in-session.ts';
import { REFUSAL_TEXT, type AccessRefusal } from './refusal-messages.ts';
import { continueAccountState, isAccountState, type AccountStateOutcome } from './next-step.ts';
import { sendFormPage } from '../web/send-page.ts';

/** Outcomes that are not a sign-in, each with its status and one plain message. */
const REFUSALS: Record<Exclude<LoginOutcome['kind'], 'ok' | AccountStateOutcome['kind']>, { status: number; message: string }> = {
  // One message and status for an unknown email and a wrong password: no account enumeration.
  'invalid-credentials': { status: 401, message: 'Email or password is wrong.' },
  'not-registered': { status: 403, message: REFUSAL_TEXT['not-registered'] },
  locked: { status: 423, message: REFUSAL_TEXT.inactive },
  prevented: { status: 409, message: 'Sign-in is blocked for this account right now. Try again later.' },
  expired: { status: 410, message: 'This account has expired. Contact support to restore it.' },
  'invalid-request': { status: 400, message: 'Enter your email and password.' },
};

const LoginQuery = queryOf({ returnTo: FormText });
const LoginBody = formBody({ email: FormText, password: FormText });

/** GET/POST /login: our own form over FusionAuth's Login API. */
export async function formSignInRoutes(instance: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/login', { schema: { querystring: LoginQuery } }, async (request, reply) => {
    const returnTo = safeReturnTo(request.query.returnTo);
    if (request.user) return reply.redirect(returnTo, 303);
    return sendFormPage(ctx, request, reply, 200, (csrfToken) => loginPage({ returnTo, csrfToken }));
  });

  app.post('/login', { schema: { querystring: LoginQuery, body: LoginBody }, preHandler: ctx.limitSignInAttempts }, async (request, reply) => {
    const returnTo = safeReturnTo(request.query.returnTo);
    const email = request.body.email?.trim() ?? '';
    const password = request.body.password ?? '';
    const fieldErrors = validate(email, password);
    if (fieldErrors) return sendFormPage(ctx, request, reply, 400, (csrfToken) => loginPage({ returnTo, email, fieldErrors, csrfToken }));

    const outcome = await ctx.fusionAuth.signIn.login({
      loginId: email,
      password,
      ipAddress: request.ip,
      withTokens: ctx.config.session.mode === 'tokens',
    });
    const refuse = (status: number, message: string) => sendFormPage(ctx, request, reply, status, (csrfToken) => loginPage({ returnTo, email, error: message, csrfToken }));
    // 203, 212, 213 and 242: one more step (a new password, a confirmed email or registration, a code) before signing in.
    if (isAccountState(outcome)) {
      const refusal = await accessRefusalBeforeStep(ctx, email);
      if (!refusal) {
        ctx.metrics.signIns.inc({ flow: 'form', outcome: outcome.kind });
        return continueAccountState(ctx, request, reply, outcome, returnTo);
      }
      request.log.info({ outcome: outcome.kind, refusal }, 'login refused before its next step');
      ctx.metrics.signIns.inc({ flow: 'form', outcome: 'not-allowed' });
      return refuse(403, REFUSAL_TEXT[refusal]);
    }
    if (outcome.kind !== 'ok' || !outcome.user.id) {
      const refusal = outcome.kind === 'ok' ? REFUSALS['invalid-credentials'] : REFUSALS[outcome.kind];
      request.log.info({ outcome: outcome.kind }, 'login refused');
      ctx.metrics.signIns.inc({ flow: 'form', outcome: outcome.kind });
      return refuse(refusal.status, refusal.message);
    }
    const access = checkApplicationAccess(outcome.user, ctx.fusionAuth.applicationId);
    if (!access.allowed) {
      if (outcome.tokens?.refreshTokenId) await ctx.fusionAuth.revocation.revokeRefreshToken(outcome.tokens.refreshTokenId);
      request.log.info({ userId: outcome.user.id, reason: access.reason }, 'login refused by the application rules');
      ctx.metrics.signIns.inc({ flow: 'form', outcome: 'not-allowed' });
      return refuse(403, REFUSAL_TEXT[access.reason]);
    }
    await startSignedInSession(ctx, request, reply, { ...outcome.user, id: outcome.user.id }, outcome.tokens);
    ctx.metrics.signIns.inc({ flow: 'form', outcome: 'ok' });
    return reply.redirect(returnTo, 303);
  });
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

function validate(email: string, password: string): LoginForm['fieldErrors'] | undefined {
  const errors: NonNullable<LoginForm['fieldErrors']> = {};
  if (email === '') errors.email = 'Enter your email address.';
  else if (email.length > FIELD_LIMITS.email) errors.email = `Email must be at most ${FIELD_LIMITS.email} characters.`;
  if (password === '') errors.password = 'Enter your password.';
  else if (password.length > FIELD_LIMITS.password) errors.password = `Password must be at most ${FIELD_LIMITS.password} characters.`;
  return Object.keys(errors).length > 0 ? errors : undefined;
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { FIELD_LIMITS, formText } from '../web/form-input.ts';
import { newPasswordPage, type NewPasswordForm } from '../web/views/sign-in-step-pages.ts';
import { pendingSignInOf } from './pending-sign-in.ts';
import { sendFormPage } from './send-form-page.ts';
import { finishSignInStep } from './sign-in-steps.ts';
import { sendSignInStepExpired } from './sign-in-step-expired.ts';

const FORM: Omit<NewPasswordForm, 'csrfToken'> = {
  title: 'You must change your password',
  intro: 'Your account needs a new password before you can sign in. Choose one you have not used here before.',
  action: '/change-password',
};

/**
 * GET/POST /change-password: after a 203, the new password goes to FusionAuth with the
 * changePasswordId kept in the anonymous session; the oneTimePassword it returns signs the person in.
 */
export async function passwordChangeRequiredRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/change-password', async (request, reply) => {
    if (!(await pendingSignInOf(ctx, request, 'change-password'))) return sendSignInStepExpired(ctx, request, reply);
    return sendFormPage(ctx, request, reply, 200, (csrfToken) => newPasswordPage({ ...FORM, csrfToken }));
  });

  app.post('/change-password', { preHandler: ctx.limitSignInAttempts }, async (request, reply) => {
    const paused = await pendingSignInOf(ctx, request, 'change-password');
    if (!paused) return sendSignInStepExpired(ctx, request, reply);
    return setNewPassword(ctx, request, reply, paused.pending.id, { form: FORM, returnTo: paused.pending.returnTo });
  });
}

/**
 * Sets a new password with a changePasswordId, then signs in with the oneTimePassword FusionAuth
 * returns; the person's other sessions end. Shared by the 203 step and the emailed reset link.
 */
export async function setNewPassword(
  ctx: AppContext, request: FastifyRequest, reply: FastifyReply, changePasswordId: string,
  options: { form: Omit<NewPasswordForm, 'csrfToken'>; returnTo: string; onExpired?: () => Promise<FastifyReply> },
): Promise<FastifyReply> {
  const password = formText(request.body, 'password') ?? '';
  const again = (error: string) => sendFormPage(ctx, request, reply, 400, (csrfToken) => newPasswordPage({ ...options.form, csrfToken, error }));
  if (password === '') return again('Enter a new password.');
  if (password.length > FIELD_LIMITS.password) return again(`Password must be at most ${FIELD_LIMITS.password} characters.`);
  const changed = await ctx.fusionAuth.changePasswordWithId(changePasswordId, password);
  if (changed.kind === 'rejected-password') return again(changed.message);
  if (changed.kind !== 'ok') return options.onExpired ? options.onExpired() : sendSignInStepExpired(ctx, request, reply);
  request.log.info('password changed with a changePasswordId');
  if (!changed.oneTimePassword) return reply.redirect('/login', 303);
  const outcome = await ctx.fusionAuth.loginWithOneTimePassword(changed.oneTimePassword, ctx.config.session.mode === 'tokens');
  return finishSignInStep(ctx, request, reply, outcome, { returnTo: options.returnTo, endOthers: true });
}

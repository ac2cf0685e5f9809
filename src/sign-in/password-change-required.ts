import type { Static, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import type { Trust } from '../fusionauth/account-state-outcomes.ts';
import { FIELD_LIMITS, FormText, formBody } from '../web/form-input.ts';
import { newPasswordPage, type NewPasswordForm } from './step-pages.ts';
import { pendingSignInOf } from './paused-sign-in.ts';
import { sendFormPage } from '../web/send-page.ts';
import { finishSignInStep } from './next-step.ts';
import { sendSignInStepExpired } from './paused-sign-in.ts';

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
    const paused = await pendingSignInOf(ctx, request, 'change-password');
    if (!paused) return sendSignInStepExpired(ctx, request, reply);
    const trustHeld = paused.pending.trustToken !== undefined;
    return sendNewPasswordForm(ctx, request, reply, paused.pending.id, {
      form: FORM,
      trustHeld,
      onUnusable: () => sendSignInStepExpired(ctx, request, reply),
    });
  });

  app
    .withTypeProvider<TypeBoxTypeProvider>()
    .post(
      '/change-password',
      { schema: { body: NewPasswordBody }, preHandler: ctx.limitSignInAttempts },
      async (request, reply) => {
        const paused = await pendingSignInOf(ctx, request, 'change-password');
        if (!paused) return sendSignInStepExpired(ctx, request, reply);
        const { trustToken } = paused.pending;
        return setNewPassword(ctx, request, reply, paused.pending.id, request.body, {
          form: FORM,
          returnTo: paused.pending.returnTo,
          ...(trustToken ? { heldTrust: { trustToken } } : {}),
        });
      },
    );
}

/**
 * The new-password form for a changePasswordId, once FusionAuth has said it is still good; when
 * FusionAuth wants a fresh two-factor code first, the form asks for it (and for the email, since a
 * changePasswordId does not say whose it is).
 */
export async function sendNewPasswordForm(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  changePasswordId: string,
  options: { form: Omit<NewPasswordForm, 'csrfToken'>; trustHeld?: boolean; onUnusable: () => Promise<FastifyReply> },
): Promise<FastifyReply> {
  const { form } = options;
  const check = await ctx.fusionAuth.passwords.checkPasswordChange(changePasswordId);
  if (check === 'unusable') return options.onUnusable();
  const confirmWithCode = check === 'needs-two-factor' && !options.trustHeld ? {} : undefined;
  return sendFormPage(ctx, request, reply, 200, (csrfToken) =>
    newPasswordPage({ ...form, csrfToken, confirmWithCode }),
  );
}

const NOT_CONFIRMED = 'That email and code do not confirm this account. Check both and try again.';

/**
 * Sets a new password with a changePasswordId (with trust from the two-factor code, when the form
 * asked for one, or from the two-factor step this sign-in just passed), then signs in with the oneTimePassword FusionAuth returns; the person's other
 * sessions end. Shared by the 203 step and the emailed reset link.
 */
/** The new-password form: the password and, when the form asked for them, the email and a two-factor code. */
export const NewPasswordBody = formBody({ password: FormText, email: FormText, code: FormText });

export async function setNewPassword(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  changePasswordId: string,
  fields: Static<typeof NewPasswordBody>,
  options: {
    form: Omit<NewPasswordForm, 'csrfToken'>;
    returnTo: string;
    heldTrust?: Trust;
    onExpired?: () => Promise<FastifyReply>;
  },
): Promise<FastifyReply> {
  const password = fields.password ?? '';
  const email = fields.email?.trim().slice(0, FIELD_LIMITS.email);
  const code = (fields.code ?? '').replace(/\s+/g, '').slice(0, 32);
  const confirming = email !== undefined || code !== '';
  const again = (error: string | undefined, codeError?: string) =>
    sendFormPage(ctx, request, reply, 400, (csrfToken) =>
      newPasswordPage({
        ...options.form,
        csrfToken,
        error,
        confirmWithCode: confirming || codeError ? { email, error: codeError } : undefined,
      }),
    );
  if (password === '') return again('Enter a new password.');
  if (password.length > FIELD_LIMITS.password)
    return again(`Password must be at most ${FIELD_LIMITS.password} characters.`);
  let trust = options.heldTrust;
  if (confirming) {
    if (!email || code === '')
      return again(undefined, 'Enter your email address and a code from your authenticator app.');
    const trusted = await ctx.fusionAuth.twoFactor.obtainTrust({ loginId: email }, code);
    if (trusted.kind !== 'ok') return again(undefined, NOT_CONFIRMED);
    trust = trusted.trust;
  }
  const changed = await ctx.fusionAuth.passwords.changePasswordWithId(changePasswordId, password, trust);
  if (changed.kind === 'rejected-password') return again(changed.message);
  if (changed.kind === 'needs-two-factor')
    return again(
      undefined,
      confirming ? NOT_CONFIRMED : 'Enter your email address and a code from your authenticator app.',
    );
  if (changed.kind !== 'ok')
    return options.onExpired ? options.onExpired() : sendSignInStepExpired(ctx, request, reply);
  request.log.info('password changed with a changePasswordId');
  if (!changed.oneTimePassword) return reply.redirect('/login', 303);
  const outcome = await ctx.fusionAuth.signIn.loginWithOneTimePassword(
    changed.oneTimePassword,
    ctx.config.session.mode === 'tokens',
  );
  return finishSignInStep(ctx, request, reply, outcome, { returnTo: options.returnTo, endOthers: true });
}

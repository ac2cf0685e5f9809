import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { FormText, formBody, queryOf } from '../web/form-input.ts';
import { twoFactorPage } from './step-pages.ts';
import { pendingSignInOf } from './paused-sign-in.ts';
import { sendFormPage } from '../web/send-page.ts';
import { finishSignInStep } from './next-step.ts';
import { sendSignInStepExpired } from './paused-sign-in.ts';

/** A recovery code looks like `XXXXX-XXXXX`; an authenticator code is six digits. */
function looksLikeRecoveryCode(code: string): boolean {
  return !/^\d{6}$/.test(code);
}

/**
 * GET/POST /two-factor: after a 242, the code from the authenticator app or a recovery code,
 * sent with the twoFactorId kept in the anonymous session to FusionAuth's Two-Factor Login API.
 */
export async function twoFactorStepRoutes(instance: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/two-factor', { schema: { querystring: queryOf({ recovery: FormText }) } }, async (request, reply) => {
    const paused = await pendingSignInOf(ctx, request, 'two-factor');
    if (!paused) return sendSignInStepExpired(ctx, request, reply);
    const recovery = request.query.recovery === '1';
    const afterPasskey = paused.pending.signedInWith === 'passkey';
    return sendFormPage(ctx, request, reply, 200, (csrfToken) => twoFactorPage({ csrfToken, recovery, afterPasskey }));
  });

  app.post(
    '/two-factor',
    { schema: { body: formBody({ code: FormText }) }, preHandler: ctx.limitSignInAttempts },
    async (request, reply) => {
      const paused = await pendingSignInOf(ctx, request, 'two-factor');
      if (!paused) return sendSignInStepExpired(ctx, request, reply);
      const code = (request.body.code ?? '').replace(/\s+/g, '').slice(0, 32);
      const recovery = code !== '' && looksLikeRecoveryCode(code);
      const afterPasskey = paused.pending.signedInWith === 'passkey';
      if (code === '')
        return sendFormPage(ctx, request, reply, 400, (csrfToken) =>
          twoFactorPage({ csrfToken, recovery, afterPasskey, error: 'Enter the code.' }),
        );
      const outcome = await ctx.fusionAuth.signIn.twoFactorLogin({
        twoFactorId: paused.pending.id,
        code,
        ipAddress: request.ip,
        withTokens: ctx.config.session.mode === 'tokens',
      });
      if (outcome.kind === 'wrong-code') {
        request.log.info('two-factor code refused');
        const error = recovery
          ? 'That recovery code is not right, or was already used.'
          : 'That code is not right. Check your app and try again.';
        return sendFormPage(ctx, request, reply, 400, (csrfToken) =>
          twoFactorPage({ csrfToken, recovery, afterPasskey, error }),
        );
      }
      if (outcome.kind === 'two-factor-expired') return sendSignInStepExpired(ctx, request, reply);
      return finishSignInStep(ctx, request, reply, outcome, {
        returnTo: paused.pending.returnTo,
        endOthers: false,
        signedInWith: paused.pending.signedInWith,
      });
    },
  );
}

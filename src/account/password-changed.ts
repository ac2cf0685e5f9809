import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { signedInOf } from '../sessions/request-session.ts';
import type { SignedIn } from '../sessions/signed-in-user.ts';
import { FormText, formBody } from '../web/form-input.ts';
import { sendPage } from '../web/send-page.ts';
import { PASSWORD_CHANGED_PATH, passwordChangedPage } from './password-changed-page.ts';
import { sendRecoveryCodes } from './two-factor-settings.ts';

/**
 * After a password change, the person's other sessions are gone; a passkey or recovery codes someone else
 * made with the session they had would still sign in. GET lists what stays; one POST removes every passkey
 * and replaces the recovery codes (FusionAuth's WebAuthn and Two-Factor APIs:
 * https://fusionauth.io/docs/apis/webauthn, https://fusionauth.io/docs/apis/two-factor).
 */
export async function passwordChangedRoutes(instance: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    PASSWORD_CHANGED_PATH,
    { schema: { querystring: Type.Object({ ended: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })) }) } },
    async (request, reply) => {
      const signedIn = signedInOf(request);
      const { passkeys, twoFactorOn } = await waysIn(ctx, signedIn);
      return sendPage(
        reply,
        200,
        passwordChangedPage({
          signedInAs: signedIn.user.email ?? '',
          csrfToken: ctx.csrf.tokenFor(request, reply, signedIn.session),
          ended: request.query.ended ?? 0,
          passkeys,
          recoveryCodes: twoFactorOn,
        }),
      );
    },
  );

  app.post(
    `${PASSWORD_CHANGED_PATH}/remove-others`,
    { schema: { body: formBody({ confirm: FormText }) } },
    async (request, reply) => {
      const signedIn = signedInOf(request);
      if (request.body.confirm !== 'remove') return reply.redirect(PASSWORD_CHANGED_PATH, 303);
      const userId = signedIn.user.id ?? '';
      const { passkeys, twoFactorOn } = await waysIn(ctx, signedIn);
      for (const passkey of passkeys) await ctx.fusionAuth.passkeys.deletePasskey(userId, passkey.id);
      request.log.info({ userId, passkeys: passkeys.length }, 'passkeys removed after a password change');
      const regenerated = twoFactorOn ? await ctx.fusionAuth.twoFactor.regenerateRecoveryCodes(userId) : null;
      if (regenerated?.kind !== 'ok') return reply.redirect(PASSWORD_CHANGED_PATH, 303);
      return sendRecoveryCodes(
        ctx,
        signedIn,
        request,
        reply,
        regenerated.value,
        'Your passkeys were removed, and your old recovery codes no longer work.',
      );
    },
  );
}

/** The person's passkeys, and whether two-factor (with its recovery codes) is on. */
async function waysIn(ctx: AppContext, { user }: SignedIn) {
  const userId = user.id ?? '';
  const [found, passkeys] = await Promise.all([
    ctx.fusionAuth.users.retrieveUser(userId),
    ctx.config.loginFlow === 'oauth' ? [] : ctx.fusionAuth.passkeys.listPasskeys(userId),
  ]);
  return { passkeys, twoFactorOn: (found?.twoFactor?.methods?.length ?? 0) > 0 };
}

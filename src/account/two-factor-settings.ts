import type { User } from '@fusionauth/typescript-client';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { AppContext } from '../app-context.ts';
import { signedInOf } from '../sessions/request-session.ts';
import type { SignedIn } from '../sessions/signed-in-user.ts';
import { FormText, formBody } from '../web/form-input.ts';
import { sendPage } from '../web/send-page.ts';
import { sendAccountPage } from './account-settings.ts';
import { recoveryCodesPage, twoFactorSetupPage } from './two-factor-settings-pages.ts';

/** Where a two-factor change FusionAuth refused (4xx) lands: the account page, saying nothing changed. */
const TWO_FACTOR_REFUSED = '/account?notice=two-factor-refused';

/** The issuer an authenticator app shows next to the account. */
const TOTP_ISSUER = 'Acme Account';

async function sendSetupPage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  signedIn: SignedIn,
  secret: string,
  status: number,
  error?: string,
): Promise<FastifyReply> {
  const base32 = new Secret({ buffer: new Uint8Array(Buffer.from(secret, 'base64')).buffer }).base32;
  const uri = new TOTP({
    issuer: TOTP_ISSUER,
    label: signedIn.user.email ?? 'account',
    secret: Secret.fromBase32(base32),
  }).toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return sendPage(
    reply,
    status,
    twoFactorSetupPage({
      signedInAs: signedIn.user.email ?? '',
      csrfToken: ctx.csrf.tokenFor(request, reply, signedIn.session),
      qrSvg,
      secret,
      secretBase32: base32,
      error,
    }),
  );
}

/** /account/two-factor: turn an authenticator app on (with a QR code) or off, and make new recovery codes. */
export async function twoFactorSettingsRoutes(instance: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/account/two-factor', async (request, reply) => {
    const signedIn = signedInOf(request);
    const generated = await ctx.fusionAuth.twoFactor.generateTwoFactorSecret();
    if (!generated) return reply.redirect(TWO_FACTOR_REFUSED, 303);
    return sendSetupPage(ctx, request, reply, signedIn, generated.secret, 200);
  });

  app.post(
    '/account/two-factor/enable',
    { schema: { body: formBody({ secret: FormText, code: FormText }) }, preHandler: ctx.limitSignInAttempts },
    async (request, reply) => {
      const signedIn = signedInOf(request);
      const secret = request.body.secret ?? '';
      const code = (request.body.code ?? '').replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]{20,}={0,2}$/.test(secret)) return reply.redirect('/account/two-factor', 303);
      if (!/^\d{6}$/.test(code))
        return sendSetupPage(ctx, request, reply, signedIn, secret, 400, 'Enter the 6-digit code your app shows.');
      const enabled = await ctx.fusionAuth.twoFactor.enableAuthenticator(signedIn.user.id ?? '', secret, code);
      if (enabled.kind === 'wrong-code')
        return sendSetupPage(
          ctx,
          request,
          reply,
          signedIn,
          secret,
          400,
          'That code is not right. Check your app and try again.',
        );
      if (enabled.kind === 'refused') return reply.redirect(TWO_FACTOR_REFUSED, 303);
      ctx.users.forget(signedIn.user.id ?? '');
      request.log.info({ userId: signedIn.user.id }, 'two-factor turned on');
      return sendRecoveryCodes(ctx, signedIn, request, reply, enabled.value, 'Two-factor sign-in is on.');
    },
  );

  app.post(
    '/account/two-factor/disable',
    { schema: { body: formBody({ code: FormText }) }, preHandler: ctx.limitSignInAttempts },
    async (request, reply) => {
      const signedIn = signedInOf(request);
      const code = (request.body.code ?? '').replace(/\s+/g, '').slice(0, 32);
      const user: User | null = await ctx.fusionAuth.users.retrieveUser(signedIn.user.id ?? '');
      const methodId = user?.twoFactor?.methods?.[0]?.id;
      if (!methodId) return reply.redirect('/account', 303);
      const disabled =
        code === ''
          ? { kind: 'wrong-code' as const }
          : await ctx.fusionAuth.twoFactor.disableTwoFactor(user.id ?? '', methodId, code);
      if (disabled.kind === 'wrong-code') {
        return sendAccountPage(ctx, request, reply, signedIn, 400, {
          disableError: code === '' ? 'Enter a code.' : 'That code is not right. Try again.',
        });
      }
      if (disabled.kind === 'refused') return reply.redirect(TWO_FACTOR_REFUSED, 303);
      ctx.users.forget(user.id ?? '');
      request.log.info({ userId: user.id }, 'two-factor turned off');
      return reply.redirect('/account?notice=two-factor-off', 303);
    },
  );

  app.post('/account/two-factor/recovery-codes', async (request, reply) => {
    const signedIn = signedInOf(request);
    const regenerated = await ctx.fusionAuth.twoFactor.regenerateRecoveryCodes(signedIn.user.id ?? '');
    if (regenerated.kind !== 'ok') return reply.redirect('/account?notice=recovery-codes-refused', 303);
    return sendRecoveryCodes(
      ctx,
      signedIn,
      request,
      reply,
      regenerated.value,
      'Your old recovery codes no longer work.',
    );
  });
}

/** The recovery codes FusionAuth just issued, shown once. */
export function sendRecoveryCodes(
  ctx: AppContext,
  signedIn: SignedIn,
  request: FastifyRequest,
  reply: FastifyReply,
  codes: string[],
  intro: string,
): FastifyReply {
  return sendPage(
    reply,
    200,
    recoveryCodesPage({
      signedInAs: signedIn.user.email ?? '',
      csrfToken: ctx.csrf.tokenFor(request, reply, signedIn.session),
      codes,
      intro,
    }),
  );
}

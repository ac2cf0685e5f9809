import type { Static, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { ceremonyAt } from '../fusionauth/passkey-api.ts';
import { parseAssertion } from '../fusionauth/passkey-credential.ts';
import { signedInOf } from '../sessions/request-session.ts';
import type { SignedIn } from '../sessions/signed-in-user.ts';
import { safeReturnTo } from '../sign-in/return-to.ts';
import { FormText, formBody, queryOf } from '../web/form-input.ts';
import { sendPage } from '../web/send-page.ts';
import { confirmIdentityPage, type ConfirmIdentityForm } from './confirm-identity-page.ts';
import { CONFIRM_PATH, confirmUrl } from './require-fresh-authentication.ts';

const ConfirmQuery = queryOf({ returnTo: FormText });
const ConfirmBody = formBody({ password: FormText, code: FormText, credential: FormText });

type Proof = { kind: 'proved' } | { kind: 'refused'; errors: NonNullable<ConfirmIdentityForm['errors']> };

/**
 * /account/confirm: the person proves it is them again (the password, a two-factor or recovery code, or a
 * passkey) before an account change that requireFreshAuthentication guards, then goes back to `returnTo`.
 * FusionAuth checks each proof: the Login API for the password (no tokens issued), a two-factor login for
 * the code, the WebAuthn API for the passkey (https://fusionauth.io/docs/apis/login,
 * https://fusionauth.io/docs/apis/two-factor, https://fusionauth.io/docs/apis/webauthn).
 */
export async function confirmIdentityRoutes(instance: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const ceremony = ceremonyAt(ctx.config.appUrl);

  app.get(CONFIRM_PATH, { schema: { querystring: ConfirmQuery } }, async (request, reply) =>
    sendConfirmPage(ctx, request, reply, signedInOf(request), safeReturnTo(request.query.returnTo), 200),
  );

  app.post(`${CONFIRM_PATH}/passkey/options`, { preHandler: ctx.limitSignInAttempts }, async (request, reply) => {
    const options = await ctx.fusionAuth.passkeys.startSignIn(signedInOf(request).user.email ?? '');
    if (!options) return reply.code(409).send({ error: 'Passkeys are not available right now.' });
    return reply.header('cache-control', 'no-store').send({ options });
  });

  app.post(
    CONFIRM_PATH,
    { schema: { querystring: ConfirmQuery, body: ConfirmBody }, preHandler: ctx.limitSignInAttempts },
    async (request, reply) => {
      const signedIn = signedInOf(request);
      const returnTo = safeReturnTo(request.query.returnTo);
      const proof = await checkProof(ctx, request, signedIn, request.body, ceremony);
      if (proof.kind === 'refused') return sendConfirmPage(ctx, request, reply, signedIn, returnTo, 400, proof.errors);
      signedIn.session.record.reauthenticatedAt = ctx.now();
      if (!(await ctx.sessions.save(signedIn.session))) return reply.redirect('/login', 303);
      request.log.info({ userId: signedIn.user.id }, 'confirmed it is the person');
      return reply.redirect(returnTo, 303);
    },
  );
}

/** The one proof the form carried, checked with FusionAuth. */
async function checkProof(
  ctx: AppContext,
  request: FastifyRequest,
  { user }: SignedIn,
  fields: Static<typeof ConfirmBody>,
  ceremony: ReturnType<typeof ceremonyAt>,
): Promise<Proof> {
  const userId = user.id ?? '';
  if (fields.credential !== undefined) {
    const credential = parseAssertion(fields.credential);
    const outcome = credential
      ? await ctx.fusionAuth.passkeys.completeSignIn({ credential, ceremony, ipAddress: request.ip, withTokens: false })
      : null;
    // Another person's passkey signs in someone else: it proves nothing about this account.
    if (outcome?.kind === 'ok' && outcome.user.id === userId) return { kind: 'proved' };
    return { kind: 'refused', errors: { passkey: 'That passkey could not confirm it is you. Try again.' } };
  }
  if (fields.code !== undefined) {
    const code = fields.code.replace(/\s+/g, '').slice(0, 32);
    if (code === '') return { kind: 'refused', errors: { code: 'Enter a code.' } };
    const trusted = await ctx.fusionAuth.twoFactor.obtainTrust({ userId }, code);
    if (trusted.kind === 'ok') return { kind: 'proved' };
    return { kind: 'refused', errors: { code: 'That code is not right. Try again.' } };
  }
  const password = fields.password ?? '';
  if (password === '') return { kind: 'refused', errors: { password: 'Enter your password.' } };
  const outcome = await ctx.fusionAuth.signIn.login({
    loginId: user.email ?? '',
    password,
    ipAddress: request.ip,
    withTokens: false,
  });
  // Every answer past the password check proves the password, whatever step FusionAuth would ask next.
  switch (outcome.kind) {
    case 'ok':
    case 'not-registered':
    case 'two-factor':
    case 'change-password':
    case 'verify-email':
    case 'registration-unverified':
      return { kind: 'proved' };
    case 'invalid-credentials':
      return { kind: 'refused', errors: { password: 'Your password is not right.' } };
    case 'locked':
    case 'prevented':
    case 'expired':
    case 'invalid-request':
      return { kind: 'refused', errors: { password: 'Your password cannot confirm it is you right now.' } };
  }
}

async function sendConfirmPage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  signedIn: SignedIn,
  returnTo: string,
  status: number,
  errors?: ConfirmIdentityForm['errors'],
): Promise<FastifyReply> {
  const userId = signedIn.user.id ?? '';
  const [user, passkeys] = await Promise.all([
    ctx.fusionAuth.users.retrieveUser(userId),
    ctx.config.loginFlow === 'oauth' ? [] : ctx.fusionAuth.passkeys.listPasskeys(userId),
  ]);
  return sendPage(
    reply,
    status,
    confirmIdentityPage({
      signedInAs: signedIn.user.email ?? '',
      csrfToken: ctx.csrf.tokenFor(request, reply, signedIn.session),
      action: confirmUrl(returnTo),
      twoFactorOn: (user?.twoFactor?.methods?.length ?? 0) > 0,
      passkeysOn: passkeys.length > 0,
      ...(errors ? { errors } : {}),
    }),
  );
}

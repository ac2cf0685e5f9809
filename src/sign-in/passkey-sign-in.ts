import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { parseAssertion } from '../fusionauth/passkey-credential.ts';
import { ceremonyAt } from '../fusionauth/passkey-api.ts';
import { FIELD_LIMITS, FormText, formBody, queryOf } from '../web/form-input.ts';
import { sendFormPage } from '../web/send-page.ts';
import { concludeLogin } from './conclude-login.ts';
import { loginPage } from './form-sign-in-page.ts';
import { DecoyPasskeyOptions } from './decoy-passkey-options.ts';
import { safeReturnTo } from './return-to.ts';

const LoginQuery = queryOf({ returnTo: FormText });

/**
 * "Sign in with a passkey" on /login, after the email: FusionAuth's WebAuthn start needs the account's
 * `loginId` (https://fusionauth.io/docs/apis/webauthn), so the person names it first. The page's script asks
 * for the options, lets the browser sign them, and posts the answer with the form; FusionAuth verifies it.
 */
export async function passkeySignInRoutes(instance: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const ceremony = ceremonyAt(ctx.config.appUrl);
  const decoys = new DecoyPasskeyOptions(ceremony.rpId);

  app.post(
    '/login/passkey/options',
    { schema: { body: formBody({ email: FormText }) }, preHandler: ctx.limitSignInAttempts },
    async (request, reply) => {
      const email = request.body.email?.trim() ?? '';
      if (email === '' || email.length > FIELD_LIMITS.email)
        return reply.code(400).send({ error: 'Enter your email address.' });
      const options = await ctx.fusionAuth.passkeys.startSignIn(email);
      // An unknown email gets options that no passkey answers, so this does not tell who has an account.
      if (options) decoys.observe(options);
      return reply.header('cache-control', 'no-store').send({ options: options ?? decoys.make() });
    },
  );

  app.post(
    '/login/passkey',
    {
      schema: { querystring: LoginQuery, body: formBody({ email: FormText, credential: FormText }) },
      preHandler: ctx.limitSignInAttempts,
    },
    async (request, reply) => {
      const returnTo = safeReturnTo(request.query.returnTo);
      const email = request.body.email?.trim() ?? '';
      const refuse = (status: number, message: string) =>
        sendFormPage(ctx, request, reply, status, (csrfToken) =>
          loginPage({ returnTo, email, error: message, csrfToken }),
        );
      const credential = parseAssertion(request.body.credential ?? '');
      if (!credential) return refuse(400, 'Your browser did not send a passkey. Try again, or use your password.');
      const outcome = await ctx.fusionAuth.passkeys.completeSignIn({
        credential,
        ceremony,
        ipAddress: request.ip,
        withTokens: ctx.config.session.mode === 'tokens',
      });
      return concludeLogin(ctx, request, reply, outcome, { email, returnTo, refuse, signedInWith: 'passkey' });
    },
  );
}

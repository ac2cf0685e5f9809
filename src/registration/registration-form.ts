import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import type { NewAccount } from '../fusionauth/registration-api.ts';
import { FIELD_LIMITS, FormText, formBody } from '../web/form-input.ts';
import { hiddenCharacterError } from '../web/visible-text.ts';
import { registerPage, type RegisterForm } from './registration-form-page.ts';
import { checkEmailPage } from './verification-link-pages.ts';
import { startSignedInSession } from '../sign-in/start-signed-in-session.ts';
import { sendFormPage } from '../web/send-page.ts';

/** GET/POST /register: our own form over FusionAuth's combined user + registration API. */
export async function registrationFormRoutes(instance: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/register', async (request, reply) => {
    if (request.user) return reply.redirect('/', 303);
    return sendFormPage(ctx, request, reply, 200, (csrfToken) => registerPage({ csrfToken }));
  });

  app.post(
    '/register',
    {
      schema: { body: formBody({ email: FormText, password: FormText, firstName: FormText, lastName: FormText }) },
      preHandler: ctx.limitSignInAttempts,
    },
    async (request, reply) => {
      const account: NewAccount = {
        email: request.body.email?.trim() ?? '',
        password: request.body.password ?? '',
        firstName: request.body.firstName?.trim() ?? '',
        lastName: request.body.lastName?.trim() ?? '',
      };
      const values = { email: account.email, firstName: account.firstName, lastName: account.lastName };
      const fieldErrors = validate(account);
      if (fieldErrors)
        return sendFormPage(ctx, request, reply, 400, (csrfToken) => registerPage({ values, fieldErrors, csrfToken }));

      const outcome = await ctx.fusionAuth.registration.register(account);
      ctx.metrics.registrations.inc({ flow: 'form', outcome: outcome.kind });
      if (outcome.kind === 'invalid') {
        return sendFormPage(ctx, request, reply, 400, (csrfToken) =>
          registerPage({ values, fieldErrors: outcome.fieldErrors, error: outcome.generalError, csrfToken }),
        );
      }
      if (!outcome.user.id) throw new Error('FusionAuth registered a user without an id');
      request.log.info({ userId: outcome.user.id }, 'registered');
      if (outcome.kind === 'needs-confirmation') {
        // Signing in waits for the emailed link: the tokens the registration issued are not kept.
        if (outcome.tokens?.refreshTokenId)
          await ctx.fusionAuth.revocation.revokeRefreshToken(outcome.tokens.refreshTokenId);
        return sendFormPage(ctx, request, reply, 200, (csrfToken) =>
          checkEmailPage({ kind: 'registration', csrfToken, email: account.email }),
        );
      }
      await startSignedInSession(ctx, request, reply, { ...outcome.user, id: outcome.user.id }, outcome.tokens);
      return reply.redirect('/', 303);
    },
  );
}

/** Checks made before calling FusionAuth: presence, length and no hidden characters. FusionAuth judges the rest. */
function validate(account: NewAccount): RegisterForm['fieldErrors'] | undefined {
  const errors: NonNullable<RegisterForm['fieldErrors']> = {};
  if (account.email === '') errors.email = 'Enter your email address.';
  else if (account.email.length > FIELD_LIMITS.email)
    errors.email = `Email must be at most ${FIELD_LIMITS.email} characters.`;
  else errors.email = hiddenCharacterError('Email', account.email);
  if (account.password === '') errors.password = 'Enter a password.';
  else if (account.password.length > FIELD_LIMITS.password)
    errors.password = `Password must be at most ${FIELD_LIMITS.password} characters.`;
  if (account.firstName.length > FIELD_LIMITS.name)
    errors.firstName = `First name must be at most ${FIELD_LIMITS.name} characters.`;
  else errors.firstName = hiddenCharacterError('First name', account.firstName);
  if (account.lastName.length > FIELD_LIMITS.name)
    errors.lastName = `Last name must be at most ${FIELD_LIMITS.name} characters.`;
  else errors.lastName = hiddenCharacterError('Last name', account.lastName);
  const found = Object.entries(errors).filter(([, message]) => message !== undefined);
  return found.length > 0 ? Object.fromEntries(found) : undefined;
}

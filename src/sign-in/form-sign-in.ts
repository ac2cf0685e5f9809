import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { FIELD_LIMITS, FormText, formBody, queryOf } from '../web/form-input.ts';
import { loginPage, type LoginForm } from './form-sign-in-page.ts';
import { safeReturnTo } from './return-to.ts';
import { concludeLogin } from './conclude-login.ts';
import { sendFormPage } from '../web/send-page.ts';

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

  app.post(
    '/login',
    { schema: { querystring: LoginQuery, body: LoginBody }, preHandler: ctx.limitSignInAttempts },
    async (request, reply) => {
      const returnTo = safeReturnTo(request.query.returnTo);
      const email = request.body.email?.trim() ?? '';
      const password = request.body.password ?? '';
      const fieldErrors = validate(email, password);
      if (fieldErrors)
        return sendFormPage(ctx, request, reply, 400, (csrfToken) =>
          loginPage({ returnTo, email, fieldErrors, csrfToken }),
        );

      const outcome = await ctx.fusionAuth.signIn.login({
        loginId: email,
        password,
        ipAddress: request.ip,
        withTokens: ctx.config.session.mode === 'tokens',
      });
      const refuse = (status: number, message: string) =>
        sendFormPage(ctx, request, reply, status, (csrfToken) =>
          loginPage({ returnTo, email, error: message, csrfToken }),
        );
      return concludeLogin(ctx, request, reply, outcome, { email, returnTo, refuse });
    },
  );
}

function validate(email: string, password: string): LoginForm['fieldErrors'] | undefined {
  const errors: NonNullable<LoginForm['fieldErrors']> = {};
  if (email === '') errors.email = 'Enter your email address.';
  else if (email.length > FIELD_LIMITS.email) errors.email = `Email must be at most ${FIELD_LIMITS.email} characters.`;
  if (password === '') errors.password = 'Enter your password.';
  else if (password.length > FIELD_LIMITS.password)
    errors.password = `Password must be at most ${FIELD_LIMITS.password} characters.`;
  return Object.keys(errors).length > 0 ? errors : undefined;
}

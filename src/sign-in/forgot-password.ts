import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { FIELD_LIMITS, FormText, formBody } from '../web/form-input.ts';
import { sendPage } from '../web/send-page.ts';
import { messagePage } from '../web/message-page.ts';
import { forgotPasswordPage } from './step-pages.ts';
import { NewPasswordBody, sendNewPasswordForm, setNewPassword } from './password-change-required.ts';
import { sendFormPage } from '../web/send-page.ts';

const RESET_FORM = {
  title: 'Choose a new password',
  intro: 'Choose a new password for your account. You will be signed in with it, and signed out everywhere else.',
};

function sendLinkExpired(reply: FastifyReply): FastifyReply {
  return sendPage(
    reply,
    410,
    messagePage(
      { signedInAs: null },
      {
        title: 'This link has expired',
        text: 'This password reset link was already used or is too old. Ask for a new one: it works for 10 minutes.',
        action: { href: '/forgot-password', label: 'Send me a new link' },
      },
    ),
  );
}

/**
 * GET/POST /forgot-password (FusionAuth emails a link to /reset-password/{changePasswordId}; the page
 * says the same whether or not the account exists), then GET/POST /reset-password/{id}.
 */
const ResetParams = Type.Object({ id: Type.String() });

export async function forgotPasswordRoutes(instance: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/forgot-password', async (request, reply) =>
    sendFormPage(ctx, request, reply, 200, (csrfToken) => forgotPasswordPage({ csrfToken })),
  );

  app.post(
    '/forgot-password',
    { schema: { body: formBody({ email: FormText }) }, preHandler: ctx.limitSignInAttempts },
    async (request, reply) => {
      const email = request.body.email?.trim() ?? '';
      if (email === '' || email.length > FIELD_LIMITS.email) {
        const error =
          email === '' ? 'Enter your email address.' : `Email must be at most ${FIELD_LIMITS.email} characters.`;
        return sendFormPage(ctx, request, reply, 400, (csrfToken) => forgotPasswordPage({ csrfToken, email, error }));
      }
      await ctx.fusionAuth.passwords.forgotPassword(email);
      request.log.info('password reset requested');
      return sendFormPage(ctx, request, reply, 200, (csrfToken) =>
        forgotPasswordPage({ csrfToken, email, sent: true }),
      );
    },
  );

  app.get('/reset-password/:id', { schema: { params: ResetParams } }, async (request, reply) => {
    const { id } = request.params;
    const form = { ...RESET_FORM, action: `/reset-password/${encodeURIComponent(id)}` };
    return sendNewPasswordForm(ctx, request, reply, id, { form, onUnusable: async () => sendLinkExpired(reply) });
  });

  app.post(
    '/reset-password/:id',
    { schema: { params: ResetParams, body: NewPasswordBody }, preHandler: ctx.limitSignInAttempts },
    async (request, reply) => {
      const { id } = request.params;
      const form = { ...RESET_FORM, action: `/reset-password/${encodeURIComponent(id)}` };
      return setNewPassword(ctx, request, reply, id, request.body, {
        form,
        returnTo: '/',
        onExpired: async () => sendLinkExpired(reply),
      });
    },
  );
}

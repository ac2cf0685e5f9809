import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { FIELD_LIMITS, formText } from '../web/form-input.ts';
import { sendPage } from '../web/send-page.ts';
import { messagePage } from '../web/views/message-page.ts';
import { checkEmailPage, confirmEmailPage } from '../web/views/sign-in-step-pages.ts';
import { sendFormPage } from './send-form-page.ts';

/**
 * After a 212: POST /verify-email/resend sends a new link (the same answer whatever the address);
 * the emailed link, GET /verify-email/{id}, shows a button that POSTs it to FusionAuth's Verify Email API.
 */
export async function emailVerificationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post('/verify-email/resend', { preHandler: ctx.limitSignInAttempts }, async (request, reply) => {
    const email = (formText(request.body, 'email')?.trim() ?? '').slice(0, FIELD_LIMITS.email);
    if (email !== '') await ctx.fusionAuth.resendVerificationEmail(email);
    return sendFormPage(ctx, request, reply, 200, (csrfToken) => checkEmailPage({ csrfToken, email, resent: true }));
  });

  app.get<{ Params: { id: string } }>('/verify-email/:id', async (request, reply) => {
    const action = `/verify-email/${encodeURIComponent(request.params.id)}`;
    return sendFormPage(ctx, request, reply, 200, (csrfToken) => confirmEmailPage({ csrfToken, action }));
  });

  app.post<{ Params: { id: string } }>('/verify-email/:id', async (request, reply) => {
    if (await ctx.fusionAuth.verifyEmail(request.params.id)) {
      request.log.info('email verified');
      return sendPage(reply, 200, messagePage({ signedInAs: null }, {
        title: 'Email address confirmed', text: 'Thank you. You can sign in now.', action: { href: '/login', label: 'Log in' },
      }));
    }
    return sendPage(reply, 410, messagePage({ signedInAs: null }, {
      title: 'This link has expired',
      text: 'This confirmation link was already used or is too old. Log in to get a new one.',
      action: { href: '/login', label: 'Log in' },
    }));
  });
}

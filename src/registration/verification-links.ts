import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { FIELD_LIMITS, FormText, formBody } from '../web/form-input.ts';
import { sendPage } from '../web/send-page.ts';
import { messagePage } from '../web/message-page.ts';
import { checkEmailPage, confirmLinkPage, verificationPath, type VerificationKind } from './verification-link-pages.ts';
import { sendFormPage } from '../web/send-page.ts';

interface LinkKind {
  /** FusionAuth's Verify API: false for an unknown, used or expired id. */
  verify: (ctx: AppContext, id: string) => Promise<boolean>;
  /** FusionAuth's Resend API; an unknown or already confirmed address changes nothing the person learns. */
  resend: (ctx: AppContext, email: string) => Promise<void>;
  confirmed: string;
}

const KINDS: Record<VerificationKind, LinkKind> = {
  email: {
    verify: (ctx, id) => ctx.fusionAuth.registration.verifyEmail(id),
    resend: (ctx, email) => ctx.fusionAuth.registration.resendVerificationEmail(email),
    confirmed: 'Email address confirmed',
  },
  registration: {
    verify: (ctx, id) => ctx.fusionAuth.registration.verifyRegistration(id),
    resend: (ctx, email) => ctx.fusionAuth.registration.resendRegistrationVerification(email),
    confirmed: 'Registration confirmed',
  },
};

/**
 * The emailed links after a 212 (email) or a 213 (registration): POST …/resend sends a new link (the
 * same answer whatever the address); the link, GET …/{id}, shows a button that POSTs it to FusionAuth.
 */
export async function verificationLinkRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  for (const kind of Object.keys(KINDS) as VerificationKind[]) registerLinkRoutes(app, ctx, kind);
}

const LinkParams = Type.Object({ id: Type.String() });

function registerLinkRoutes(instance: FastifyInstance, ctx: AppContext, kind: VerificationKind): void {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { verify, resend, confirmed } = KINDS[kind];
  const path = verificationPath(kind);

  app.post(
    `${path}/resend`,
    { schema: { body: formBody({ email: FormText }) }, preHandler: ctx.limitSignInAttempts },
    async (request, reply) => {
      const email = (request.body.email?.trim() ?? '').slice(0, FIELD_LIMITS.email);
      if (email !== '') await resend(ctx, email);
      return sendFormPage(ctx, request, reply, 200, (csrfToken) =>
        checkEmailPage({ kind, csrfToken, email, resent: true }),
      );
    },
  );

  app.get(`${path}/:id`, { schema: { params: LinkParams } }, async (request, reply) => {
    const action = `${path}/${encodeURIComponent(request.params.id)}`;
    return sendFormPage(ctx, request, reply, 200, (csrfToken) => confirmLinkPage({ kind, csrfToken, action }));
  });

  app.post(`${path}/:id`, { schema: { params: LinkParams } }, async (request, reply) => {
    if (await verify(ctx, request.params.id)) {
      request.log.info({ kind }, 'verification link used');
      return sendPage(
        reply,
        200,
        messagePage(
          { signedInAs: null },
          {
            title: confirmed,
            text: 'Thank you. You can sign in now.',
            action: { href: '/login', label: 'Sign in' },
          },
        ),
      );
    }
    return sendPage(
      reply,
      410,
      messagePage(
        { signedInAs: null },
        {
          title: 'This link has expired',
          text: 'This confirmation link was already used or is too old. Sign in to get a new one.',
          action: { href: '/login', label: 'Sign in' },
        },
      ),
    );
  });
}

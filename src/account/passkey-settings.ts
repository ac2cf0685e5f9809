import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { parseAttestation } from '../fusionauth/passkey-credential.ts';
import { ceremonyAt } from '../fusionauth/passkey-api.ts';
import { signedInOf } from '../sessions/request-session.ts';
import { confirmPage } from '../web/confirm-page.ts';
import { FIELD_LIMITS, FormText, formBody } from '../web/form-input.ts';
import { sendPage } from '../web/send-page.ts';
import { hiddenCharacterError } from '../web/visible-text.ts';
import { sendAccountPage } from './account-settings.ts';

// A plain string, not a pattern: the CSRF check comes before anything else, and an id that names no
// passkey of the person's is a 404 either way.
const PasskeyParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** The name the person gave the passkey, or an error to show with the form. */
function passkeyName(raw: string | undefined): { name: string } | { error: string } {
  const name = (raw ?? '').trim();
  if (name === '') return { error: 'Name your passkey, e.g. "Work laptop".' };
  if (name.length > FIELD_LIMITS.name) return { error: `The name must be at most ${FIELD_LIMITS.name} characters.` };
  const hidden = hiddenCharacterError('The name', name);
  return hidden ? { error: hidden } : { name };
}

/**
 * /account/passkeys: add a passkey (the page's script asks for the options, the browser makes the
 * passkey, the form posts its answer) and remove one after a confirmation page. FusionAuth checks and keeps them
 * (https://fusionauth.io/docs/apis/webauthn).
 */
export async function passkeySettingsRoutes(instance: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const ceremony = ceremonyAt(ctx.config.appUrl);

  app.post('/account/passkeys/options', { schema: { body: formBody({ name: FormText }) } }, async (request, reply) => {
    const { user } = signedInOf(request);
    const named = passkeyName(request.body.name);
    if ('error' in named) return reply.code(400).send({ error: named.error });
    const options = await ctx.fusionAuth.passkeys.startRegistration(
      user.id ?? '',
      named.name,
      user.email ?? named.name,
      request.headers['user-agent']?.slice(0, 512),
    );
    if (!options) return reply.code(409).send({ error: 'Passkeys are not available right now.' });
    return reply.header('cache-control', 'no-store').send({ options });
  });

  app.post(
    '/account/passkeys',
    { schema: { body: formBody({ name: FormText, credential: FormText }) } },
    async (request, reply) => {
      const signedIn = signedInOf(request);
      const named = passkeyName(request.body.name);
      if ('error' in named) return sendAccountPage(ctx, request, reply, signedIn, 400, { passkeyError: named.error });
      const credential = parseAttestation(request.body.credential ?? '');
      const added =
        credential !== null &&
        (await ctx.fusionAuth.passkeys.completeRegistration(signedIn.user.id ?? '', credential, ceremony));
      if (!added)
        return sendAccountPage(ctx, request, reply, signedIn, 400, {
          passkeyError: "That passkey was not added: your browser's answer was not accepted. Try again.",
        });
      request.log.info({ userId: signedIn.user.id }, 'passkey added');
      return reply.redirect('/account?notice=passkey-added', 303);
    },
  );

  app.get('/account/passkeys/:id/remove', { schema: { params: PasskeyParams } }, async (request, reply) => {
    const signedIn = signedInOf(request);
    const passkey = (await ctx.fusionAuth.passkeys.listPasskeys(signedIn.user.id ?? '')).find(
      (candidate) => candidate.id === request.params.id,
    );
    if (!passkey)
      return sendAccountPage(ctx, request, reply, signedIn, 404, {
        notice: 'That passkey is not one of yours (or it was already removed).',
      });
    return sendPage(
      reply,
      200,
      confirmPage(
        { signedInAs: signedIn.user.email ?? '', csrfToken: ctx.csrf.tokenFor(request, reply, signedIn.session) },
        {
          title: 'Remove this passkey?',
          text: `"${passkey.name}" will no longer sign you in. This cannot be undone; you can add a new passkey later.`,
          action: `/account/passkeys/${passkey.id}/remove`,
          confirm: 'remove',
          button: 'Remove passkey',
          cancelHref: '/account',
        },
      ),
    );
  });

  app.post(
    '/account/passkeys/:id/remove',
    { schema: { params: PasskeyParams, body: formBody({ confirm: FormText }) } },
    async (request, reply) => {
      const signedIn = signedInOf(request);
      if (request.body.confirm !== 'remove')
        return reply.redirect(`/account/passkeys/${request.params.id}/remove`, 303);
      const removed = await ctx.fusionAuth.passkeys.deletePasskey(signedIn.user.id ?? '', request.params.id);
      if (!removed)
        return sendAccountPage(ctx, request, reply, signedIn, 404, {
          notice: 'That passkey is not one of yours (or it was already removed).',
        });
      request.log.info({ userId: signedIn.user.id }, 'passkey removed');
      return reply.redirect('/account?notice=passkey-removed', 303);
    },
  );
}

import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { sendPage } from '../web/send-page.ts';
import { FormText, formBody, queryOf } from '../web/form-input.ts';
import { sessionsPage } from './sessions-page.ts';
import { deviceLabel, knownDeviceLabel } from '../web/device-label.ts';
import { endEveryApplicationsSessions, endSession, revokeSession } from '../revocation/end-sessions.ts';
import { rememberSignedOutHere } from '../sign-in/signed-out-here.ts';
import { SIGN_OUT_EVERYWHERE, signOutEverywherePage } from './sign-out-everywhere-page.ts';
import { invalidateUserSessions } from '../revocation/end-sessions.ts';
import { signedInOf } from '../sessions/request-session.ts';
import type { SignedIn } from '../sessions/signed-in-user.ts';

/** What the page says after an action; `device` is the device the action signed out. */
const NOTICES: Record<string, (device: string | undefined) => string> = {
  revoked: (device) => (device ? `${device} was signed out.` : 'The session was signed out.'),
  gone: () => 'That session had already ended.',
  others: () => 'You were signed out everywhere else.',
};

/** A device label as {@link deviceLabel} writes it, and nothing else: the query names it, so no other text shows. */
const DEVICE_LABEL = /^[\p{L}\p{N} ._()/-]{1,60}$/u;

function thisDevice(signedIn: SignedIn): string | undefined {
  return knownDeviceLabel(signedIn.session.record.userAgent);
}

/**
 * The person's own sessions: list, revoke one, sign out everywhere else, sign out everywhere. A session
 * ended from here for another browser is revoked (that browser is told, and its next sign-in asks for
 * the password even while FusionAuth's SSO session of that browser lives); signing out everywhere, as
 * the person chooses, ends this app's sessions only, or every application's and the FusionAuth SSO sessions.
 */
export async function sessionsPageRoutes(instance: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/account/sessions',
    { schema: { querystring: queryOf({ notice: FormText, device: FormText }) } },
    async (request, reply) => {
      const signedIn = signedInOf(request);
      const sessions = await ctx.sessions.listUserSessions(signedIn.user.id ?? '');
      const rows = sessions
        .map(({ key, session }) => ({
          id: session.id,
          device: deviceLabel(session.userAgent),
          ip: session.ip ?? 'unknown',
          createdAt: session.createdAt,
          signedInWith: session.signedInWith,
          lastSeenAt: session.lastSeenAt,
          current: key === signedIn.session.key,
        }))
        .sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt - a.lastSeenAt);
      const device = request.query.device;
      const notice = NOTICES[request.query.notice ?? '']?.(device && DEVICE_LABEL.test(device) ? device : undefined);
      const csrfToken = ctx.csrf.tokenFor(request, reply, signedIn.session);
      return sendPage(
        reply,
        200,
        sessionsPage({ signedInAs: signedIn.user.email ?? '', csrfToken }, rows, notice, ctx.now()),
      );
    },
  );

  app.post(
    '/account/sessions/:id/revoke',
    { schema: { params: Type.Object({ id: Type.String() }) } },
    async (request, reply) => {
      const signedIn = signedInOf(request);
      const sessions = await ctx.sessions.listUserSessions(signedIn.user.id ?? '');
      const target = sessions.find(({ session }) => session.id === request.params.id);
      if (!target) return reply.redirect('/account/sessions?notice=gone', 303);
      const current = target.key === signedIn.session.key;
      if (current) await endSession(ctx, target, request.log, 'revoke');
      else await revokeSession(ctx, target, request.log, { cause: 'other-device', device: thisDevice(signedIn) });
      request.log.info({ userId: signedIn.user.id }, 'session revoked by its owner');
      if (!current) {
        const device = knownDeviceLabel(target.session.userAgent);
        return reply.redirect(
          `/account/sessions?notice=revoked${device ? `&device=${encodeURIComponent(device)}` : ''}`,
          303,
        );
      }
      ctx.sessions.clearCookie(reply);
      request.appSession = null;
      request.user = null;
      return reply.redirect('/?signed-out=1', 303);
    },
  );

  app.post('/account/sessions/revoke-others', async (request, reply) => {
    const signedIn = signedInOf(request);
    const sessions = await ctx.sessions.listUserSessions(signedIn.user.id ?? '');
    for (const stored of sessions) {
      if (stored.key !== signedIn.session.key)
        await revokeSession(ctx, stored, request.log, { cause: 'other-device', device: thisDevice(signedIn) });
    }
    request.log.info({ userId: signedIn.user.id }, 'signed out everywhere else');
    return reply.redirect('/account/sessions?notice=others', 303);
  });

  app.get('/account/sessions/revoke-all', async (request, reply) => {
    const signedIn = signedInOf(request);
    const csrfToken = ctx.csrf.tokenFor(request, reply, signedIn.session);
    const frame = { signedInAs: signedIn.user.email ?? '', csrfToken };
    return sendPage(reply, 200, signOutEverywherePage(frame, ctx.config.appName));
  });

  app.post(
    '/account/sessions/revoke-all',
    { schema: { body: formBody({ confirm: FormText }) } },
    async (request, reply) => {
      const signedIn = signedInOf(request);
      // Only the confirmation page's forms say where: any other post is shown that page first.
      const where = request.body.confirm;
      if (where !== SIGN_OUT_EVERYWHERE.allApps && where !== SIGN_OUT_EVERYWHERE.thisApp)
        return reply.redirect('/account/sessions/revoke-all', 303);
      const userId = signedIn.user.id ?? '';
      // This browser signs out; the others are revoked, and told so — before FusionAuth is asked, whose
      // revocation webhook would otherwise reach them first with a vaguer cause. Each one's next sign-in
      // here asks for the password.
      await ctx.sessions.remove(signedIn.session.key);
      if (where === SIGN_OUT_EVERYWHERE.thisApp) rememberSignedOutHere(ctx, reply);
      const devices =
        1 +
        (await invalidateUserSessions(ctx, userId, 'signed out everywhere', {
          cause: 'everywhere',
          device: thisDevice(signedIn),
        }));
      ctx.metrics.sessionsEnded.inc({ reason: 'revoke' }, devices);
      if (where === SIGN_OUT_EVERYWHERE.allApps) await endEveryApplicationsSessions(ctx, userId, request.log);
      // This app's tokens only: by user + application, never by application alone. SSO sessions stay for the other apps.
      else if (ctx.config.session.mode === 'tokens') await ctx.fusionAuth.revocation.revokeUserRefreshTokens(userId);
      ctx.sessions.clearCookie(reply);
      request.appSession = null;
      request.user = null;
      request.log.info({ userId }, 'signed out everywhere');
      return reply.redirect(`/?signed-out=everywhere&devices=${devices}`, 303);
    },
  );
}

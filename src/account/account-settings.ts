import type { Static, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import type { Trust } from '../fusionauth/account-state-outcomes.ts';
import { FIELD_LIMITS, FormText, formBody, queryOf } from '../web/form-input.ts';
import { sendPage } from '../web/send-page.ts';
import { accountPage, type AccountView } from './account-settings-pages.ts';
import { endOtherSessions } from '../revocation/end-sessions.ts';
import { startSignedInSession } from '../sign-in/start-signed-in-session.ts';
import { signedInOf } from '../sessions/request-session.ts';
import { PASSWORD_CHANGED_PATH } from './password-changed-page.ts';
import type { SignedIn } from '../sessions/signed-in-user.ts';

const AccountQuery = queryOf({ notice: FormText });
const PasswordChangeBody = formBody({ currentPassword: FormText, password: FormText, code: FormText });

function notice({ notice: name }: Static<typeof AccountQuery>): string | undefined {
  if (name === 'passkey-added') return 'Your passkey was added. You can use it to sign in.';
  if (name === 'passkey-removed') return 'Your passkey was removed.';
  if (name === 'two-factor-off') return 'Two-factor sign-in is off.';
  if (name === 'two-factor-refused')
    return 'Nothing was changed: the sign-in service did not accept this two-factor change. Reload the page and try again.';
  if (name === 'recovery-codes-refused')
    return 'No new recovery codes were made: recovery codes exist only while two-factor sign-in is on.';
  return undefined;
}

/** The account page, with the user fresh from FusionAuth (tokens-mode sessions know only the token's claims). */
export async function sendAccountPage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  signedIn: SignedIn,
  status: number,
  extra: Partial<AccountView> = {},
): Promise<FastifyReply> {
  const [found, passkeys] = await Promise.all([
    ctx.fusionAuth.users.retrieveUser(signedIn.user.id ?? ''),
    ctx.config.loginFlow === 'oauth' ? null : ctx.fusionAuth.passkeys.listPasskeys(signedIn.user.id ?? ''),
  ]);
  const user = found ?? signedIn.user;
  return sendPage(
    reply,
    status,
    accountPage({
      signedInAs: signedIn.user.email ?? '',
      csrfToken: ctx.csrf.tokenFor(request, reply, signedIn.session),
      twoFactorOn: (user.twoFactor?.methods?.length ?? 0) > 0,
      passkeys,
      now: ctx.now(),
      ...extra,
    }),
  );
}

/**
 * /account: the account page, and changing the password (the person's other sessions end, and the next
 * page lists the passkeys and recovery codes that still sign in).
 */
export async function accountSettingsRoutes(instance: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/account', { schema: { querystring: AccountQuery } }, async (request, reply) => {
    const signedIn = signedInOf(request);
    return sendAccountPage(ctx, request, reply, signedIn, 200, { notice: notice(request.query) });
  });

  app.post(
    '/account/password',
    { schema: { body: PasswordChangeBody }, preHandler: ctx.limitSignInAttempts },
    async (request, reply) => {
      return changeOwnPassword(ctx, request, reply, signedInOf(request), request.body);
    },
  );
}

/**
 * FusionAuth checks the current password (and, for a two-factor user, a trustToken from the code
 * typed with it) and revokes every refresh token of the user. The person's other sessions end here;
 * this one starts anew (in tokens mode with tokens from the oneTimePassword).
 */
async function changeOwnPassword(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  signedIn: SignedIn,
  fields: Static<typeof PasswordChangeBody>,
): Promise<FastifyReply> {
  const currentPassword = fields.currentPassword ?? '';
  const password = fields.password ?? '';
  const errors: NonNullable<AccountView['passwordErrors']> = {};
  if (currentPassword === '') errors.currentPassword = 'Enter your current password.';
  if (password === '') errors.password = 'Enter a new password.';
  else if (password.length > FIELD_LIMITS.password)
    errors.password = `Password must be at most ${FIELD_LIMITS.password} characters.`;
  if (Object.keys(errors).length > 0)
    return sendAccountPage(ctx, request, reply, signedIn, 400, { passwordErrors: errors });

  const code = (fields.code ?? '').replace(/\s+/g, '').slice(0, 32);
  const codeError = (message: string) =>
    sendAccountPage(ctx, request, reply, signedIn, 400, { passwordErrors: { code: message } });
  let trust: Trust | undefined;
  if (code !== '') {
    const trusted = await ctx.fusionAuth.twoFactor.obtainTrust({ userId: signedIn.user.id ?? '' }, code);
    if (trusted.kind !== 'ok') return codeError('That code is not right. Try again.');
    trust = trusted.trust;
  }
  const tokens = ctx.config.session.mode === 'tokens' ? signedIn.session.record.tokens : undefined;
  const changed = await ctx.fusionAuth.passwords.changeOwnPassword({
    loginId: signedIn.user.email ?? '',
    currentPassword,
    password,
    accessToken: tokens?.accessToken,
    refreshToken: tokens?.refreshToken,
    trust,
  });
  if (changed.kind === 'wrong-password' || changed.kind === 'not-found') {
    return sendAccountPage(ctx, request, reply, signedIn, 400, {
      passwordErrors: { currentPassword: 'Your current password is not right.' },
    });
  }
  if (changed.kind === 'rejected-password')
    return sendAccountPage(ctx, request, reply, signedIn, 400, { passwordErrors: { password: changed.message } });
  if (changed.kind === 'needs-two-factor')
    return codeError(code === '' ? 'Enter a code from your authenticator app.' : 'That code is not right. Try again.');
  if (changed.kind === 'refused') {
    return sendAccountPage(ctx, request, reply, signedIn, 400, {
      passwordErrors: { currentPassword: 'Your password was not changed. Sign out, sign in again and retry.' },
    });
  }

  const userId = signedIn.user.id ?? '';
  const ended = await endOtherSessions(ctx, userId, signedIn.session.key, request.log);
  request.log.info({ userId, ended }, 'password changed; other sessions ended');
  if (ctx.config.session.mode === 'tokens') {
    const relogin = changed.oneTimePassword
      ? await ctx.fusionAuth.signIn.loginWithOneTimePassword(changed.oneTimePassword, true)
      : null;
    if (relogin?.kind !== 'ok') {
      await ctx.sessions.destroy(reply, signedIn.session);
      request.appSession = null;
      request.user = null;
      return reply.redirect('/login', 303);
    }
    await startSignedInSession(ctx, request, reply, { ...signedIn.user, id: userId }, relogin.tokens);
  } else {
    await startSignedInSession(ctx, request, reply, { ...signedIn.user, id: userId }, undefined);
  }
  return reply.redirect(`${PASSWORD_CHANGED_PATH}?ended=${ended}`, 303);
}

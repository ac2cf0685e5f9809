import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import type { RevocationNote } from '../sessions/revocation-note.ts';
import { sendPage } from '../web/send-page.ts';
import { messagePage } from '../web/message-page.ts';

/** The sentence that tells a person why their session ended, from its tombstone's note. */
function signedOutSentence(note: RevocationNote): string {
  const from = note.device ? `another device (${note.device})` : 'another device';
  switch (note.cause) {
    case 'other-device':
      return `You were signed out from ${from}.`;
    case 'everywhere':
      return `You were signed out from ${from}, which signed you out everywhere.`;
    case 'admin':
      return 'An administrator signed you out.';
    case 'password-change':
      return 'You were signed out because your password was changed.';
    case 'deactivated':
      return 'You were signed out because your account was deactivated.';
    case 'deleted':
      return 'You were signed out because your account was deleted.';
    case 'identity-provider':
      return 'You were signed out by the sign-in service.';
    case 'unstated':
      return 'You were signed out.';
  }
}

/** Whether signing in again can help: not for an account that was deactivated or deleted. */
function canSignInAgain(note: RevocationNote): boolean {
  return note.cause !== 'deactivated' && note.cause !== 'deleted';
}

/**
 * Why this browser's session was revoked from elsewhere (another device, an admin, FusionAuth), or
 * null when it was not: it was ended by the person, by time, or never was.
 */
export function signedOutElsewhere(ctx: AppContext, request: FastifyRequest): Promise<RevocationNote | null> {
  return ctx.sessions.revocationOf(request.cookies[ctx.sessions.cookieName]);
}

/**
 * Whether this browser's session was revoked from elsewhere. Its next OAuth sign-in then asks for
 * the password (`prompt=login`): FusionAuth's SSO session of this browser may still be alive.
 */
export async function wasSignedOutElsewhere(ctx: AppContext, request: FastifyRequest): Promise<boolean> {
  return (await signedOutElsewhere(ctx, request)) !== null;
}

/** The welcome page's notice for such a browser, else undefined. */
export async function signedOutElsewhereNotice(ctx: AppContext, request: FastifyRequest): Promise<string | undefined> {
  const note = await signedOutElsewhere(ctx, request);
  return note ? signedOutSentence(note) : undefined;
}

/**
 * What a browser whose session ended gets instead of a page or an action that needs a sign-in: a 401
 * that names the cause — the tombstone's note, or (`null`) a session that simply ended, e.g. after a
 * time without activity — and a way back in.
 */
export function sendSignedOutPage(reply: FastifyReply, returnTo: string, note: RevocationNote | null): FastifyReply {
  const signIn = { href: `/login?returnTo=${encodeURIComponent(returnTo)}`, label: 'Sign in again' };
  const text = note
    ? `${signedOutSentence(note)}${canSignInAgain(note) ? ' Sign in again to continue.' : ''}`
    : 'Your session has ended, so nothing was done. Sign in again to continue.';
  const action = !note || canSignInAgain(note) ? signIn : { href: '/', label: 'Go to the home page' };
  return sendPage(reply, 401, messagePage({ signedInAs: null }, { title: 'Signed out', text, action }));
}

/**
 * For a state-changing request whose CSRF token did not match: whether it came from a session that
 * has ended (revoked, expired) — the page it was posted from belonged to that session — and if so, why.
 * `undefined` when the browser holds no ended session: the CSRF refusal stands.
 */
export async function endedSessionOf(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<{ note: RevocationNote | null } | undefined> {
  if (request.appSession?.record.userId) return undefined;
  const cookie = request.cookies[ctx.sessions.cookieName];
  if (!ctx.sessions.hasSessionCookie(cookie)) return undefined;
  const note = await ctx.sessions.revocationOf(cookie);
  // A live anonymous session (an OAuth sign-in under way) is an ended one only when it carries a tombstone.
  if (note === null && request.appSession) return undefined;
  return { note };
}

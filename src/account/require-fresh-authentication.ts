import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { signedInOf } from '../sessions/request-session.ts';
import type { SessionRecord } from '../sessions/session-store.ts';

/** Where a person proves it is them again; `returnTo` is where they go on after. */
export const CONFIRM_PATH = '/account/confirm';

/** The confirmation page's address, coming back to `returnTo` (a path of this app). */
export function confirmUrl(returnTo: string): string {
  return `${CONFIRM_PATH}?returnTo=${encodeURIComponent(returnTo)}`;
}

/** Whether the person proved it is them (signing in counts) within the last REAUTH_SECONDS. */
export function isFreshlyAuthenticated(ctx: AppContext, session: SessionRecord): boolean {
  const provedAt = session.reauthenticatedAt;
  return provedAt !== undefined && ctx.now() - provedAt <= ctx.config.reauthSeconds * 1000;
}

/** Where the person goes back to once confirmed: the page the refused request's form was on. */
export type ResumeAt = (request: FastifyRequest) => string;

/**
 * A route's preHandler for an account-changing action: a session cookie alone (stolen, or a browser left
 * open) must not add a way in or take one away (OWASP ASVS 3.7.1). Unless the person proved it is them
 * within REAUTH_SECONDS, nothing is done and they are sent to the confirmation page: a GET to come back
 * to itself, a form's POST to come back to the page of its form (`resumeAt`, so nothing is replayed that
 * the person did not see again), and a script's request (Accept: application/json) is answered 401 with
 * the address of that page.
 */
export function requireFreshAuthentication(ctx: AppContext, resumeAt: ResumeAt): preHandlerAsyncHookHandler {
  return async function requireFresh(request: FastifyRequest, reply: FastifyReply) {
    const { session } = signedInOf(request);
    if (isFreshlyAuthenticated(ctx, session.record)) return;
    const confirm = confirmUrl(request.method === 'GET' ? request.url : resumeAt(request));
    request.log.info({ userId: session.record.userId }, 'account change asks to confirm it is the person');
    if (request.headers.accept?.includes('application/json'))
      return reply.code(401).header('cache-control', 'no-store').send({ error: 'Confirm it is you first.', confirm });
    return reply.redirect(confirm, 303);
  };
}

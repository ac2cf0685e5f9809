/**
 * "Sign out of this app" leaves FusionAuth's SSO session alive for the other applications, so this
 * browser's next OAuth sign-in here would be silent. A small cookie remembers the sign-out until the
 * next sign-in, which then asks for the password (`prompt=login`, its answer checked by `auth_time`:
 * oauth-callback.ts). The cookie holds no secret: without it, FusionAuth's SSO session signs the person
 * in, as FusionAuth's own default would.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';

function cookieNameOf(ctx: AppContext): string {
  return `${ctx.sessions.cookieName}-signed-out`;
}

function cookieOptions(ctx: AppContext) {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.appUrl.startsWith('https:') } as const;
}

/** Remembers that the person signed out of this app only. */
export function rememberSignedOutHere(ctx: AppContext, reply: FastifyReply): void {
  reply.setCookie(cookieNameOf(ctx), '1', { ...cookieOptions(ctx), maxAge: ctx.config.session.expireSeconds });
}

/** Whether this browser signed out of this app only since its last sign-in. */
export function wasSignedOutHere(ctx: AppContext, request: FastifyRequest): boolean {
  return request.cookies[cookieNameOf(ctx)] === '1';
}

/** A sign-in with the password happened: the next one may ride on the SSO session again. */
export function forgetSignedOutHere(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): void {
  if (wasSignedOutHere(ctx, request)) reply.clearCookie(cookieNameOf(ctx), cookieOptions(ctx));
}

/**
 * The HttpOnly cookies FusionAuth sets on Login, Registration and Refresh responses and clears on
 * logout (https://fusionauth.io/docs/apis/login): `access_token` (session) and `refresh_token` (persistent).
 */
import type { FastifyReply } from 'fastify';

const BASE = { httpOnly: true, sameSite: 'strict', path: '/' } as const;

/** Sets the token cookies for a response carrying tokens. */
export function setTokenCookies(
  reply: FastifyReply,
  tokens: { token?: string; refreshToken?: string },
  refreshTtlSeconds?: number,
): void {
  if (tokens.token) reply.setCookie('access_token', tokens.token, BASE);
  if (tokens.refreshToken) {
    reply.setCookie('refresh_token', tokens.refreshToken, {
      ...BASE,
      ...(refreshTtlSeconds ? { maxAge: refreshTtlSeconds } : {}),
    });
  }
}

/** Clears both cookies. */
export function clearTokenCookies(reply: FastifyReply): void {
  reply.clearCookie('access_token', BASE).clearCookie('refresh_token', BASE);
}

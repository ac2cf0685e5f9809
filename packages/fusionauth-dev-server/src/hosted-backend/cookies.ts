/**
 * The hosted backend's cookies (https://fusionauth.io/docs/apis/hosted-backend): `app.at` (the access token)
 * and `app.rt` (the refresh token), HttpOnly; `app.idt` (the id token) and `app.at_exp` (the access token's
 * expiry, epoch seconds), readable by the page's JavaScript; all `Secure` and `SameSite=Lax`, on the broadest
 * domain of this server's host that is not a top-level domain (a plain host name or an IP address: that host).
 * `app.state` (the dev server's name; FusionAuth does not document its own) ties a login in flight to the
 * browser that started it.
 */
import { isIP } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const HOSTED_BACKEND_COOKIES = Object.freeze({
  accessToken: 'app.at',
  refreshToken: 'app.rt',
  idToken: 'app.idt',
  accessTokenExpiry: 'app.at_exp',
  loginState: 'app.state',
});

/** `auth.example.com` → `example.com`; `localhost` and IP addresses get a host-only cookie (the same host). */
function cookieDomain(request: FastifyRequest): string | undefined {
  const host = request.hostname.replace(/^\[|\]$/g, '');
  const labels = host.split('.');
  if (isIP(host) !== 0 || labels.length < 2) return undefined;
  // Without a public-suffix list, `example.co.uk` is read as a top-level domain plus `co`; good enough for a dev server.
  return labels.slice(-2).join('.');
}

function attributes(request: FastifyRequest, httpOnly: boolean, maxAgeSeconds?: number) {
  const domain = cookieDomain(request);
  return {
    httpOnly,
    secure: true,
    sameSite: 'lax' as const,
    path: '/',
    ...(domain ? { domain } : {}),
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

/** The tokens of a token response, as the hosted backend keeps them. */
export interface HostedBackendTokens {
  accessToken: string;
  /** Seconds the access token lives. */
  expiresIn: number;
  /** Epoch seconds: the access token's `exp`. */
  expiresAt: number;
  idToken?: string;
  refreshToken?: string;
  refreshTokenTtlSeconds: number;
}

/** Sets `app.at`, `app.at_exp`, and `app.idt` / `app.rt` when the response has them. */
export function setTokenCookies(request: FastifyRequest, reply: FastifyReply, tokens: HostedBackendTokens): void {
  const { expiresIn } = tokens;
  const expiry = String(tokens.expiresAt);
  reply.setCookie(HOSTED_BACKEND_COOKIES.accessToken, tokens.accessToken, attributes(request, true, expiresIn));
  reply.setCookie(HOSTED_BACKEND_COOKIES.accessTokenExpiry, expiry, attributes(request, false, expiresIn));
  if (tokens.idToken) {
    reply.setCookie(HOSTED_BACKEND_COOKIES.idToken, tokens.idToken, attributes(request, false, expiresIn));
  }
  if (tokens.refreshToken) {
    const ttl = tokens.refreshTokenTtlSeconds;
    reply.setCookie(HOSTED_BACKEND_COOKIES.refreshToken, tokens.refreshToken, attributes(request, true, ttl));
  }
}

/** Clears the four token cookies (logout). */
export function clearTokenCookies(request: FastifyRequest, reply: FastifyReply): void {
  for (const name of ['accessToken', 'refreshToken', 'idToken', 'accessTokenExpiry'] as const) {
    reply.clearCookie(
      HOSTED_BACKEND_COOKIES[name],
      attributes(request, name !== 'idToken' && name !== 'accessTokenExpiry'),
    );
  }
}

/** Ties a login in flight to this browser for ten minutes. */
export function setLoginStateCookie(request: FastifyRequest, reply: FastifyReply, state: string): void {
  reply.setCookie(HOSTED_BACKEND_COOKIES.loginState, state, attributes(request, true, 600));
}

/** Drops the login-state cookie once the callback has used it. */
export function clearLoginStateCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(HOSTED_BACKEND_COOKIES.loginState, attributes(request, true));
}

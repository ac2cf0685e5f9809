import Tokens from '@fastify/csrf';
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { ActiveSession } from '../sessions/session-manager.ts';

const tokens = Tokens();
const ANONYMOUS_SECRET = /^[A-Za-z0-9_-]{24}$/;

/**
 * CSRF defence for every state-changing request: a synchronizer token (@fastify/csrf) bound to the
 * session's secret — or, before sign-in, to a secret in an HttpOnly cookie — plus a check that the
 * browser says the request comes from this site (Origin / Sec-Fetch-Site).
 */
export class CsrfGuard {
  readonly #cookieName: string;
  readonly #secure: boolean;
  readonly #appOrigin: string;

  constructor(options: { secure: boolean; appUrl: string }) {
    this.#secure = options.secure;
    this.#cookieName = options.secure ? '__Host-csrf' : 'csrf';
    this.#appOrigin = new URL(options.appUrl).origin;
  }

  /** A token for the next form; creates the anonymous secret cookie when there is no session. */
  tokenFor(request: FastifyRequest, reply: FastifyReply, session: ActiveSession | null): string {
    if (session) return tokens.create(session.record.csrfSecret);
    let secret = request.cookies[this.#cookieName];
    if (!secret || !ANONYMOUS_SECRET.test(secret)) {
      secret = randomBytes(18).toString('base64url');
      reply.setCookie(this.#cookieName, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.#secure });
    }
    return tokens.create(secret);
  }

  /** Throws CSRF_REJECTED unless the request is same-origin and carries a valid token. */
  verify(request: FastifyRequest, session: ActiveSession | null): void {
    if (!this.#isSameOrigin(request)) throw new AppError('CSRF_REJECTED', 'cross-site request refused');
    const secret = session ? session.record.csrfSecret : request.cookies[this.#cookieName];
    const token = submittedToken(request);
    if (!secret || !token || !tokens.verify(secret, token)) {
      throw new AppError('CSRF_REJECTED', 'missing or invalid CSRF token');
    }
  }

  #isSameOrigin(request: FastifyRequest): boolean {
    const fetchSite = request.headers['sec-fetch-site'];
    if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return false;
    const origin = request.headers.origin;
    if (origin === undefined) return true;
    return origin === this.#appOrigin || origin === `${request.protocol}://${request.host}`;
  }
}

function submittedToken(request: FastifyRequest): string | undefined {
  const body = request.body;
  if (body && typeof body === 'object' && '_csrf' in body && typeof body._csrf === 'string') return body._csrf;
  const header = request.headers['x-csrf-token'];
  return typeof header === 'string' ? header : undefined;
}

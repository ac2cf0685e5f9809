/**
 * Logout API: `POST /api/logout` (https://fusionauth.io/docs/apis/login#logout-a-user). No auth. `global` and `refreshToken`
 * come from a JSON body, the query string (the TS client's `logout()` sends them there with
 * `text/plain`), or the `refresh_token` cookie; the explicit parameter wins. Always 200, no body.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findRefreshToken } from '../domain/lookup.ts';
import { refreshTokensOf, revokeRefreshTokens } from '../domain/refresh-tokens.ts';
import { bodyObject } from '../http/body.ts';
import { clearTokenCookies } from '../http/cookies.ts';
import { sendEmpty } from '../http/errors.ts';

type LogoutRoute = FastifyRequest<{ Querystring: { global?: string; refreshToken?: string } }>;

/** Registers POST /api/logout. */
export function registerLogoutRoutes(app: FastifyInstance, context: DevServerContext): void {
  app.post('/api/logout', async (request: LogoutRoute, reply) => {
    const body = bodyObject(request.body);
    const value =
      request.query.refreshToken ||
      (typeof body.refreshToken === 'string' ? body.refreshToken : '') ||
      request.cookies.refresh_token;
    const global = request.query.global === 'true' || body.global === true;
    const token = value ? findRefreshToken(context, value) : undefined;
    if (token && global) {
      revokeRefreshTokens(context, refreshTokensOf(context, { userId: token.userId }), {
        kind: 'user',
        userId: token.userId,
      });
    } else if (token) {
      revokeRefreshTokens(context, [token], { kind: 'token' });
    }
    clearTokenCookies(reply);
    return sendEmpty(reply, 200);
  });
}

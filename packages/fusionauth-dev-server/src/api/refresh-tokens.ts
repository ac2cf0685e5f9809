/**
 * Refresh Token API (https://fusionauth.io/docs/apis/jwt): refresh (no auth; the `refresh_token` cookie beats the body),
 * list and retrieve (API key), and revoke by id, token, user, user + application or application
 * (API key, or a JWT whose owner owns the token). Revoking with no parameter is a 400.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JWTPayload } from 'jose';
import type { DevServerContext } from '../context.ts';
import { findApplication } from '../domain/applications.ts';
import { findRefreshToken, findRefreshTokenById, findUser } from '../domain/lookup.ts';
import { refreshTokensOf, revokeRefreshTokens } from '../domain/refresh-tokens.ts';
import { exchangeRefreshToken } from '../domain/token-refresh.ts';
import { refreshTokenView } from '../domain/views.ts';
import { apiKeyOf, jwtClaimsOf, requireApiKey } from '../http/auth.ts';
import { bodyObject } from '../http/body.ts';
import { setTokenCookies } from '../http/cookies.ts';
import { fieldError, generalError, sendEmpty, sendErrors } from '../http/errors.ts';
import { checkUuidParam } from '../http/params.ts';
import type { RefreshToken } from '../state/model.ts';

interface TokenGeneric {
  Params: { tokenId?: string };
  Querystring: Record<string, string | undefined>;
}
type TokenRoute = FastifyRequest<TokenGeneric>;

/** Registers /api/jwt/refresh. */
export function registerRefreshTokenRoutes(app: FastifyInstance, context: DevServerContext): void {
  app.post('/api/jwt/refresh', async (request, reply) => {
    const body = bodyObject(request.body);
    const value = request.cookies.refresh_token || (typeof body.refreshToken === 'string' ? body.refreshToken : '');
    if (value === '')
      return sendErrors(reply, fieldError('refreshToken', 'blank', 'You must specify the [refreshToken] property.'));
    const outcome = await exchangeRefreshToken(context, value, typeof body.token === 'string' ? body.token : undefined);
    if (outcome.kind === 'user-missing') return sendEmpty(reply, 404);
    if (outcome.kind === 'invalid') {
      return sendErrors(
        reply,
        fieldError(
          'refreshToken',
          'invalid',
          'The [refreshToken] property is not valid. The refresh token has expired, been revoked, or does not exist.',
        ),
      );
    }
    const response = {
      token: outcome.token,
      refreshToken: outcome.refreshToken,
      refreshTokenId: outcome.refreshTokenId,
    };
    setTokenCookies(reply, response);
    return reply.send(response);
  });

  app.get('/api/jwt/refresh', { onRequest: requireApiKey(context) }, async (request: TokenRoute, reply) => {
    const { userId } = request.query;
    if (!userId) return sendErrors(reply, fieldError('userId', 'blank', 'You must specify the [userId] parameter.'));
    if (!checkUuidParam(reply, 'userId', userId)) return reply;
    return reply.send({ refreshTokens: refreshTokensOf(context, { userId }).slice(0, 1000).map(refreshTokenView) });
  });

  app.get('/api/jwt/refresh/:tokenId', { onRequest: requireApiKey(context) }, async (request: TokenRoute, reply) => {
    const token = liveToken(context, request.params.tokenId ?? '');
    return token ? reply.send({ refreshToken: refreshTokenView(token) }) : sendEmpty(reply, 404);
  });

  app.delete<TokenGeneric>('/api/jwt/refresh', (request, reply) => revoke(context, request, reply));
  app.delete<TokenGeneric>('/api/jwt/refresh/:tokenId', (request, reply) => revoke(context, request, reply));
}

function liveToken(context: DevServerContext, tokenId: string): RefreshToken | undefined {
  const token = findRefreshTokenById(context, tokenId);
  return token && token.expiresInstant > context.now() ? token : undefined;
}

function parameter(request: TokenRoute, name: string): string | undefined {
  const fromBody = bodyObject(request.body)[name];
  const value = request.query[name] ?? (typeof fromBody === 'string' ? fromBody : undefined);
  return value === '' ? undefined : value;
}

async function revoke(context: DevServerContext, request: TokenRoute, reply: FastifyReply) {
  const apiKey = apiKeyOf(context, request);
  const claims: JWTPayload | null = apiKey ? null : await jwtClaimsOf(context, request);
  if (!apiKey && !claims) return sendEmpty(reply, 401);
  const tokenId = request.params.tokenId;
  const value = parameter(request, 'token');
  const userId = parameter(request, 'userId');
  const applicationId = parameter(request, 'applicationId');

  if (tokenId || value) {
    const token = tokenId ? liveToken(context, tokenId) : findRefreshToken(context, value ?? '');
    // Under JWT auth another user's token is "not found" too.
    if (!token || (claims && claims.sub !== token.userId)) return sendEmpty(reply, 404);
    revokeRefreshTokens(context, [token], { kind: 'token' });
    return sendEmpty(reply, 200);
  }
  if (!userId && !applicationId) {
    return sendErrors(
      reply,
      generalError(
        '[invalid]',
        'You must specify a refresh token, a token Id, a userId or an applicationId to revoke refresh tokens.',
      ),
    );
  }
  if (claims) return sendEmpty(reply, 401);
  if (userId && !checkUuidParam(reply, 'userId', userId)) return reply;
  if (applicationId && !checkUuidParam(reply, 'applicationId', applicationId)) return reply;
  if ((userId && !findUser(context, userId)) || (applicationId && !findApplication(context, applicationId)))
    return sendEmpty(reply, 404);
  const tokens = refreshTokensOf(context, { userId, applicationId });
  if (userId && applicationId)
    revokeRefreshTokens(context, tokens, { kind: 'user-application', userId, applicationId });
  else if (userId) revokeRefreshTokens(context, tokens, { kind: 'user', userId });
  else if (applicationId) revokeRefreshTokens(context, tokens, { kind: 'application', applicationId });
  return sendEmpty(reply, 200);
}

import { decodeJwt } from 'jose';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../errors.ts';
import type { FusionAuthApi } from '../fusionauth/fusionauth-api.ts';
import type { ActiveSession, SessionManager } from './session-manager.ts';
import type { SessionRecord } from './session-store.ts';

/** What a refresh needs of the app (not the whole AppContext, which holds the refresher). */
export interface RefreshContext {
  sessions: SessionManager;
  fusionAuth: FusionAuthApi;
  log: FastifyBaseLogger;
}

const LOCK_TTL_MS = 10_000;
const WAIT_STEP_MS = 50;
const WAIT_LIMIT_MS = 5_000;

/**
 * Single-flight refresh of a session's access token (parallel refreshes otherwise race and sign the user out): concurrent requests on one session
 * share one in-process refresh, and app instances sharing a store take a short store lock, so
 * FusionAuth sees exactly one refresh call. Resolves to the refreshed session, or null when
 * FusionAuth refused (revoked, expired, user gone) and the session was destroyed.
 */
export class TokenRefresher {
  readonly #inFlight = new Map<string, Promise<ActiveSession | null>>();

  refresh(ctx: RefreshContext, session: ActiveSession): Promise<ActiveSession | null> {
    let pending = this.#inFlight.get(session.key);
    if (!pending) {
      pending = this.#refreshAcrossInstances(ctx, session).finally(() => this.#inFlight.delete(session.key));
      this.#inFlight.set(session.key, pending);
    }
    return pending;
  }

  async #refreshAcrossInstances(ctx: RefreshContext, session: ActiveSession): Promise<ActiveSession | null> {
    const staleToken = session.record.tokens?.accessToken;
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      const release = await ctx.sessions.lock(`refresh:${session.key}`, LOCK_TTL_MS);
      if (release) {
        try {
          return await this.#refreshUnderLock(ctx, session.key, staleToken);
        } finally {
          await release();
        }
      }
      // Another instance is refreshing this session: wait for its result in the store.
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
      const current = await ctx.sessions.reload(session.key);
      if (!current) return null;
      if (current.record.tokens?.accessToken !== staleToken) return current;
      if (Date.now() > deadline)
        throw new AppError('FUSIONAUTH_UNAVAILABLE', 'token refresh by another instance did not finish');
    }
  }

  async #refreshUnderLock(
    ctx: RefreshContext,
    key: string,
    staleToken: string | undefined,
  ): Promise<ActiveSession | null> {
    const current = await ctx.sessions.reload(key);
    if (!current) return null;
    const { record } = current;
    // Someone refreshed between our read and our lock: use their result.
    if (record.tokens?.accessToken !== staleToken) return current;
    const refreshToken = record.tokens?.refreshToken;
    const outcome = refreshToken
      ? await ctx.fusionAuth.signIn.refreshAccessToken(refreshToken)
      : ({ kind: 'refused' } as const);
    if (outcome.kind === 'refused') {
      ctx.log.info({ userId: record.userId }, 'FusionAuth refused the refresh token; ending the session');
      await ctx.sessions.remove(key);
      return null;
    }
    const refreshed: SessionRecord = {
      ...record,
      tokens: {
        ...record.tokens,
        accessToken: outcome.accessToken,
        accessTokenExpiresAt: expiryOf(outcome.accessToken),
        refreshToken: outcome.refreshToken,
        ...(outcome.refreshTokenId ? { refreshTokenId: outcome.refreshTokenId } : {}),
      },
    };
    const next = { key, record: refreshed };
    return (await ctx.sessions.save(next)) ? next : null;
  }
}

function expiryOf(accessToken: string): number {
  const { exp } = decodeJwt(accessToken);
  return typeof exp === 'number' ? exp * 1000 : 0;
}

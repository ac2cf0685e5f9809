import { decodeJwt } from 'jose';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../errors.ts';
import type { ActiveSession } from './session-manager.ts';
import type { SessionRecord } from './session-store.ts';

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

  refresh(ctx: AppContext, session: ActiveSession): Promise<ActiveSession | null> {
    let pending = this.#inFlight.get(session.key);
    if (!pending) {
      pending = this.#refreshAcrossInstances(ctx, session).finally(() => this.#inFlight.delete(session.key));
      this.#inFlight.set(session.key, pending);
    }
    return pending;
  }

  async #refreshAcrossInstances(ctx: AppContext, session: ActiveSession): Promise<ActiveSession | null> {
    const staleToken = session.record.tokens?.accessToken;
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      const release = await ctx.sessions.store.acquireLock(`refresh:${session.key}`, LOCK_TTL_MS);
      if (release) {
        try {
          return await this.#refreshUnderLock(ctx, session.key, staleToken);
        } finally {
          await release();
        }
      }
      // Another instance is refreshing this session: wait for its result in the store.
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
      const record = await ctx.sessions.store.get(session.key);
      if (!record) return null;
      if (record.tokens?.accessToken !== staleToken) return { key: session.key, record };
      if (Date.now() > deadline) throw new AppError('FUSIONAUTH_UNAVAILABLE', 'token refresh by another instance did not finish');
    }
  }

  async #refreshUnderLock(ctx: AppContext, key: string, staleToken: string | undefined): Promise<ActiveSession | null> {
    const record = await ctx.sessions.store.get(key);
    if (!record) return null;
    // Someone refreshed between our read and our lock: use their result.
    if (record.tokens?.accessToken !== staleToken) return { key, record };
    const refreshToken = record.tokens?.refreshToken;
    const outcome = refreshToken ? await ctx.fusionAuth.refreshAccessToken(refreshToken) : ({ kind: 'refused' } as const);
    if (outcome.kind === 'refused') {
      ctx.log.info({ userId: record.userId }, 'FusionAuth refused the refresh token; ending the session');
      await ctx.sessions.store.destroy(key);
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
    return (await ctx.sessions.store.update(key, refreshed)) ? { key, record: refreshed } : null;
  }
}

function expiryOf(accessToken: string): number {
  const { exp } = decodeJwt(accessToken);
  return typeof exp === 'number' ? exp * 1000 : 0;
}

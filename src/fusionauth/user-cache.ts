import type { User } from '@fusionauth/typescript-client';
import { AppError } from '../errors.ts';
import { LruMap } from '../lru-map.ts';

/**
 * After FusionAuth failed to answer a load (down, 5xx, or hanging until the timeout), further loads
 * fail at once for this long, so a FusionAuth that hangs costs one slow request per pause instead of
 * every signed-in page waiting out the timeout before the outage grace serves it.
 */
const PAUSE_AFTER_FAILURE_MS = 5_000;

interface Entry {
  user: User;
  checkedAt: number;
}

/**
 * Users recently confirmed by FusionAuth, so an authenticated page needs no FusionAuth call until
 * the recheck is due. Bounded in size (least recently used out first) and in staleness; webhooks
 * drop an entry at once. Concurrent loads of one user share a single FusionAuth call.
 */
export class UserCache {
  readonly #entries: LruMap<string, Entry>;
  readonly #loading = new Map<string, Promise<User | null>>();
  readonly #fetchUser: (userId: string) => Promise<User | null>;
  /** Real time (FusionAuth's timeout runs on it) until which loads fail without calling. */
  #pausedUntil = 0;

  /** `fetchUser` reads a user from FusionAuth: null when FusionAuth has no such user. */
  constructor(fetchUser: (userId: string) => Promise<User | null>, maxEntries = 10_000) {
    this.#fetchUser = fetchUser;
    this.#entries = new LruMap(maxEntries);
  }

  /** The cached user when it was checked less than `maxAgeMs` ago. */
  fresh(userId: string, now: number, maxAgeMs: number): User | undefined {
    const entry = this.#entries.get(userId);
    return entry && now - entry.checkedAt < maxAgeMs ? entry.user : undefined;
  }

  /** The last confirmed copy whatever its age: for display only, never for an access decision. */
  peek(userId: string): User | undefined {
    return this.#entries.peek(userId)?.user;
  }

  /**
   * Reads the user from FusionAuth, sharing one call among concurrent callers for the same user.
   * Rejects with FUSIONAUTH_UNAVAILABLE, without calling, for a few seconds after such a failure.
   */
  load(userId: string): Promise<User | null> {
    const pending = this.#loading.get(userId);
    if (pending) return pending;
    if (Date.now() < this.#pausedUntil) {
      return Promise.reject(
        new AppError('FUSIONAUTH_UNAVAILABLE', 'FusionAuth failed to answer moments ago; not asking again yet'),
      );
    }
    const loading = this.#fetchUser(userId)
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'FUSIONAUTH_UNAVAILABLE')
          this.#pausedUntil = Date.now() + PAUSE_AFTER_FAILURE_MS;
        throw error;
      })
      .finally(() => this.#loading.delete(userId));
    this.#loading.set(userId, loading);
    return loading;
  }

  remember(user: User, now: number): void {
    if (user.id) this.#entries.set(user.id, { user, checkedAt: now });
  }

  forget(userId: string): void {
    this.#entries.delete(userId);
  }
}

import type { User } from '@fusionauth/typescript-client';
import { LruMap } from '../lru-map.ts';

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

  /** Reads the user from FusionAuth, sharing one call among concurrent callers for the same user. */
  load(userId: string): Promise<User | null> {
    const pending = this.#loading.get(userId);
    if (pending) return pending;
    const loading = this.#fetchUser(userId).finally(() => this.#loading.delete(userId));
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

/**
 * A session store held in this process's memory: for tests and development only, since it
 * forgets everything on restart and cannot be shared between app instances.
 */
import { InProcessLocks } from './in-process-locks.ts';
import { isExpired } from './session-record-codec.ts';
import { assertSessionKey } from './session-key.ts';
import type { ReleaseLock } from './lock-service.ts';
import type { SessionRecord, SessionBackend, StoredSession } from './session-store.ts';

/** Options of {@link MemorySessionStore}. */
export interface MemorySessionStoreOptions {
  /** The clock deciding expiry, epoch ms; the app passes its own so a frozen test clock applies. */
  now?: () => number;
}

/** {@link SessionStore} in a Map, with the per-user index as a Map of key sets. */
export class MemorySessionStore implements SessionBackend {
  readonly #sessions = new Map<string, SessionRecord>();
  readonly #keysByUser = new Map<string, Set<string>>();
  /** Tombstones of revoked sessions: key → until (epoch ms) and note. */
  readonly #revoked = new Map<string, { until: number; note: string }>();
  readonly #locks = new InProcessLocks();
  readonly #now: () => number;
  #revokedBefore = 0;

  constructor({ now = Date.now }: MemorySessionStoreOptions = {}) {
    this.#now = now;
  }

  async create(key: string, session: SessionRecord): Promise<void> {
    assertSessionKey(key);
    this.#save(key, session);
  }

  async get(key: string): Promise<SessionRecord | null> {
    assertSessionKey(key);
    const session = this.#liveSession(key);
    return session ? { ...session } : null;
  }

  async update(key: string, session: SessionRecord): Promise<boolean> {
    assertSessionKey(key);
    if (!this.#liveSession(key)) return false;
    this.#save(key, session);
    return true;
  }

  async destroy(key: string): Promise<void> {
    assertSessionKey(key);
    this.#remove(key);
  }

  async revoke(key: string, until: number, note: string): Promise<void> {
    assertSessionKey(key);
    if (until > this.#now()) this.#revoked.set(key, { until, note });
    this.#remove(key);
  }

  async revocationNote(key: string): Promise<string | null> {
    assertSessionKey(key);
    const tombstone = this.#revoked.get(key);
    return tombstone && tombstone.until > this.#now() ? tombstone.note : null;
  }

  async listUserSessions(userId: string): Promise<StoredSession[]> {
    const now = this.#now();
    return [...(this.#keysByUser.get(userId) ?? [])].flatMap((key) => {
      const session = this.#sessions.get(key);
      return session && !isExpired(session, now) ? [{ key, session: { ...session } }] : [];
    });
  }

  async destroyUserSessions(userId: string): Promise<number> {
    const keys = [...(this.#keysByUser.get(userId) ?? [])];
    const live = keys.filter((key) => this.#liveSession(key));
    keys.forEach((key) => this.#remove(key));
    return live.length;
  }

  async sweepExpired(now: number): Promise<number> {
    const expired = [...this.#sessions].filter(([, session]) => isExpired(session, now));
    expired.forEach(([key]) => this.#remove(key));
    for (const [key, { until }] of this.#revoked) if (until <= now) this.#revoked.delete(key);
    return expired.length;
  }

  async acquireLock(name: string, ttlMs: number): Promise<ReleaseLock | null> {
    return this.#locks.acquire(name, ttlMs);
  }

  async revokedBefore(): Promise<number> {
    return this.#revokedBefore;
  }

  async revokeAllBefore(instant: number): Promise<void> {
    this.#revokedBefore = Math.max(this.#revokedBefore, instant);
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.#sessions.clear();
    this.#keysByUser.clear();
    this.#revoked.clear();
    this.#locks.clear();
  }

  #liveSession(key: string): SessionRecord | undefined {
    const session = this.#sessions.get(key);
    return session && !isExpired(session, this.#now()) ? session : undefined;
  }

  #save(key: string, session: SessionRecord): void {
    const previousOwner = this.#sessions.get(key)?.userId;
    if (previousOwner && previousOwner !== session.userId) this.#unindex(previousOwner, key);
    // A private copy, so a caller changing its object cannot change the stored session.
    this.#sessions.set(key, { ...session });
    if (session.userId !== null) {
      const keys = this.#keysByUser.get(session.userId) ?? new Set<string>();
      this.#keysByUser.set(session.userId, keys.add(key));
    }
  }

  #remove(key: string): void {
    const owner = this.#sessions.get(key)?.userId;
    this.#sessions.delete(key);
    if (owner) this.#unindex(owner, key);
  }

  #unindex(userId: string, key: string): void {
    const keys = this.#keysByUser.get(userId);
    keys?.delete(key);
    if (keys?.size === 0) this.#keysByUser.delete(userId);
  }
}

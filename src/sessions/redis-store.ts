/**
 * A session store in Redis, shared by any number of app instances. Every key lies under
 * `${prefix}{sessions}:`, whose hash tag puts them all in one Redis Cluster slot, so each Lua
 * script (which touches a session and its owner's index, or all of a user's sessions) runs on one
 * node without a CROSSSLOT error. Sessions live under `…session:<key>` with a TTL from `expiresAt`;
 * each user's keys form the set `…user-sessions:<userId>`, kept in step with the sessions by the
 * scripts in redis-scripts.ts; `…revoked-before` holds the instant of an application-wide
 * revocation, and `…revoked:<key>` the tombstone of a revoked session, with the TTL of the session it
 * replaces. Any Redis failure rejects with SESSION_STORE_UNAVAILABLE (fail closed).
 */
import { randomBytes } from 'node:crypto';
import { Cluster, type Redis } from 'ioredis';
import { createRedisClient, wrongDatabaseOf, type RedisClientOptions, type RedisConnection } from './redis-client.ts';
import {
  DESTROY_SESSION,
  DESTROY_USER_SESSIONS,
  PRUNE_USER_INDEX,
  RAISE_NUMBER,
  RELEASE_LOCK,
  SAVE_SESSION,
} from './redis-scripts.ts';
import { decodeSessionRecord, encodeSessionRecord, isExpired } from './session-record-codec.ts';
import { assertSessionKey } from './session-key.ts';
import type { ReleaseLock } from './lock-service.ts';
import type { SessionRecord, SessionBackend, StoredSession } from './session-store.ts';
import type { StoreLogger } from './store-logger.ts';
import { withinRedisBudget } from './redis-budget.ts';
import { AppError } from '../errors.ts';
import { LruMap } from '../lru-map.ts';

/** Session records kept decoded beside the Redis value they came from. */
const DECODED_SESSIONS = 10_000;

/** Where the Redis store connects (a URL, or a client the caller owns) and how it names keys. */
export interface RedisSessionStoreOptions extends RedisClientOptions {
  /** A client to use as is; the caller configures and closes it. Otherwise one is made for `url`. */
  client?: RedisConnection;
  /** Default `redis://127.0.0.1:6379`; Sentinel and Cluster URLs as in redis-url.ts. */
  url?: string;
  /** Default `fa:`. */
  prefix?: string;
  logger: StoreLogger;
  /** The clock `expiresAt` is measured against, epoch ms. */
  now?: () => number;
}

/** {@link SessionStore} in Redis, for one or many app instances. */
export class RedisSessionStore implements SessionBackend {
  readonly #redis: RedisConnection;
  readonly #ownsClient: boolean;
  readonly #base: string;
  readonly #sessionPrefix: string;
  readonly #indexPrefix: string;
  readonly #logger: StoreLogger;
  readonly #now: () => number;
  /**
   * The last value read for each session and its record: a value read again unchanged (every
   * request between two idle touches) is not parsed again. Redis is still asked every time.
   */
  readonly #decoded = new LruMap<string, { text: string; record: SessionRecord }>(DECODED_SESSIONS);

  constructor({
    client,
    url = 'redis://127.0.0.1:6379',
    prefix = 'fa:',
    logger,
    now = Date.now,
    commandTimeoutMs,
  }: RedisSessionStoreOptions) {
    this.#redis = client ?? createRedisClient(url, logger, { commandTimeoutMs });
    this.#ownsClient = client === undefined;
    this.#base = `${prefix}{sessions}:`;
    this.#sessionPrefix = `${this.#base}session:`;
    this.#indexPrefix = `${this.#base}user-sessions:`;
    this.#logger = logger;
    this.#now = now;
  }

  async create(key: string, session: SessionRecord): Promise<void> {
    assertSessionKey(key);
    await this.#save(key, session, false);
  }

  async get(key: string): Promise<SessionRecord | null> {
    assertSessionKey(key);
    const text = await this.#call(() => this.#redis.get(this.#sessionKey(key)));
    const session = text === null ? null : this.#decode(key, text);
    return session && !isExpired(session, this.#now()) ? session : null;
  }

  async update(key: string, session: SessionRecord): Promise<boolean> {
    assertSessionKey(key);
    return this.#save(key, session, true);
  }

  async destroy(key: string): Promise<void> {
    assertSessionKey(key);
    await this.#call(() => this.#redis.eval(DESTROY_SESSION, 1, this.#sessionKey(key), this.#indexPrefix, key));
  }

  async revoke(key: string, until: number, note: string): Promise<void> {
    assertSessionKey(key);
    const ttlMs = Math.ceil(until - this.#now());
    // Tombstone first: no instance ever sees the session gone without it.
    if (ttlMs > 0) await this.#call(() => this.#redis.set(this.#tombstoneKey(key), note, 'PX', ttlMs));
    await this.destroy(key);
  }

  async revocationNote(key: string): Promise<string | null> {
    assertSessionKey(key);
    return this.#call(() => this.#redis.get(this.#tombstoneKey(key)));
  }

  async listUserSessions(userId: string): Promise<StoredSession[]> {
    const index = this.#indexKey(userId);
    const keys = await this.#call(() => this.#redis.smembers(index));
    if (keys.length === 0) return [];
    const texts = await this.#call(() => this.#redis.mget(keys.map((key) => this.#sessionKey(key))));
    // A member whose session is missing has expired (keys are never reused), so it is safe to drop.
    const gone = keys.filter((_, i) => texts[i] === null);
    if (gone.length > 0) await this.#call(() => this.#redis.srem(index, ...gone));
    const now = this.#now();
    return keys.flatMap((key, i) => {
      const text = texts[i];
      const session = text ? this.#decode(key, text) : null;
      return session?.userId === userId && !isExpired(session, now) ? [{ key, session }] : [];
    });
  }

  async destroyUserSessions(userId: string): Promise<number> {
    const destroyed = await this.#call(() =>
      this.#redis.eval(DESTROY_USER_SESSIONS, 1, this.#indexKey(userId), this.#sessionPrefix),
    );
    return Number(destroyed);
  }

  /**
   * Redis forgets expired sessions by itself (their PX TTL), so nothing is left to remove: this
   * only drops index entries of already-expired sessions, and returns 0.
   */
  async sweepExpired(_now: number): Promise<number> {
    const pattern = `${escapeGlob(this.#indexPrefix)}*`;
    await this.#call(async () => {
      for (const node of this.#nodesHoldingKeys()) {
        for await (const indexKeys of node.scanStream({ match: pattern, count: 200 })) {
          for (const index of indexKeys as string[]) {
            await this.#redis.eval(PRUNE_USER_INDEX, 1, index, this.#sessionPrefix);
          }
        }
      }
    });
    return 0;
  }

  async acquireLock(name: string, ttlMs: number): Promise<ReleaseLock | null> {
    const lockKey = `${this.#base}lock:${name}`;
    const token = randomBytes(16).toString('base64url');
    const taken = await this.#call(() => this.#redis.set(lockKey, token, 'PX', ttlMs, 'NX'));
    if (taken !== 'OK') return null;
    return async () => {
      // Compare-and-delete: after expiry the lock may already belong to another instance.
      await this.#call(() => this.#redis.eval(RELEASE_LOCK, 1, lockKey, token));
    };
  }

  async revokedBefore(): Promise<number> {
    const instant = Number(await this.#call(() => this.#redis.get(`${this.#base}revoked-before`)));
    return Number.isFinite(instant) && instant > 0 ? instant : 0;
  }

  async revokeAllBefore(instant: number): Promise<void> {
    await this.#call(() => this.#redis.eval(RAISE_NUMBER, 1, `${this.#base}revoked-before`, String(instant)));
  }

  async ping(): Promise<boolean> {
    if (wrongDatabaseOf(this.#redis)) return false;
    return this.#redis.ping().then(
      () => true,
      () => false,
    );
  }

  async close(): Promise<void> {
    this.#decoded.clear();
    if (!this.#ownsClient) return;
    // quit() needs a live connection; when Redis is down there is nothing to say goodbye to.
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }

  async #save(key: string, session: SessionRecord, onlyIfExists: boolean): Promise<boolean> {
    const ttlMs = Math.ceil(session.expiresAt - this.#now());
    const written = await this.#call(() =>
      this.#redis.eval(
        SAVE_SESSION,
        1,
        this.#sessionKey(key),
        encodeSessionRecord(session),
        ttlMs,
        this.#indexPrefix,
        key,
        session.userId ?? '',
        onlyIfExists ? '1' : '0',
      ),
    );
    return written === 1;
  }

  /** What SCAN must visit: the one server, or every Cluster primary (SCAN reads a single node). */
  #nodesHoldingKeys(): Redis[] {
    return this.#redis instanceof Cluster ? this.#redis.nodes('master') : [this.#redis];
  }

  /** The record stored as `text`, as a copy the caller may change; null (with a warning) for a foreign value. */
  #decode(key: string, text: string): SessionRecord | null {
    const decoded = this.#decoded.peek(key);
    if (decoded?.text === text) return { ...decoded.record };
    const session = decodeSessionRecord(text);
    if (!session) {
      this.#decoded.delete(key);
      this.#logger.warn({ key: this.#sessionKey(key) }, 'skipping a Redis value that is not a session record');
      return null;
    }
    this.#decoded.set(key, { text, record: session });
    return { ...session };
  }

  #sessionKey(key: string): string {
    return `${this.#sessionPrefix}${key}`;
  }

  #tombstoneKey(key: string): string {
    return `${this.#base}revoked:${key}`;
  }

  #indexKey(userId: string): string {
    return `${this.#indexPrefix}${userId}`;
  }

  async #call<T>(command: () => Promise<T>): Promise<T> {
    const wrongDatabase = wrongDatabaseOf(this.#redis);
    if (wrongDatabase) throw new AppError('SESSION_STORE_UNAVAILABLE', wrongDatabase);
    try {
      return await withinRedisBudget(command, () => new Error('the request has spent its time for Redis'));
    } catch (error) {
      throw new AppError('SESSION_STORE_UNAVAILABLE', 'the Redis session store is unavailable', { cause: error });
    }
  }
}

/** `text` with Redis glob metacharacters escaped, for a SCAN MATCH on a literal prefix. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * A session store on the local disk: one JSON file per session plus a per-user index of marker
 * files (see file-user-index.ts). Operations on one session are serialised in this process, so
 * the store serves exactly one app instance; run several instances on the Redis store instead.
 *
 * Layout under `dir`: `sessions/<key>.json`, `users/<sha256(userId)>/<key>`, `revoked/<key>` (the
 * tombstone of a revoked session, see file-tombstones.ts) and `revoked-before` (the instant of an
 * application-wide revocation, when there was one).
 */
import { mkdirSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readTextIfExists, removeIfExists, statIfExists, TEMP_FILE_SUFFIX, writeFileAtomic } from './atomic-file.ts';
import { FileTombstones } from './file-tombstones.ts';
import { FileUserIndex } from './file-user-index.ts';
import { InProcessLocks } from './in-process-locks.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { LruMap } from '../lru-map.ts';
import { decodeSessionRecord, encodeSessionRecord, isExpired } from './session-record-codec.ts';
import { AppError } from '../errors.ts';
import { assertSessionKey, isSessionKey } from './session-key.ts';
import type { ReleaseLock } from './lock-service.ts';
import type { SessionRecord, SessionBackend, StoredSession } from './session-store.ts';
import type { StoreLogger } from './store-logger.ts';

const SESSION_FILE_SUFFIX = '.json';
const REVOKED_BEFORE_FILE = 'revoked-before';
/** Sessions kept in memory as last read, each checked against its file's identity before use. */
const CACHED_SESSIONS = 10_000;
/**
 * How long a session read from its file is served from memory before the file is looked at again.
 * This process's own writes and removals update the cache at once; a change made behind the store
 * (another process, an operator editing or deleting the file) shows within this time.
 */
export const FILE_RECHECK_MS = 250;

/** A session as read, the identity its file had then (a rewrite makes a new inode), and when that was checked. */
interface CachedSession {
  record: SessionRecord;
  ino: number;
  mtimeMs: number;
  size: number;
  /** performance.now() of the last look at the file: a monotonic clock, unlike the store's `now`. */
  checkedAt: number;
}
// A temp file this old belongs to a write that crashed, not to one in flight.
const STALE_TEMP_FILE_MS = 60_000;

/** Where the file store keeps its files, and where it reports files it skips. */
export interface FileSessionStoreOptions {
  dir: string;
  logger: StoreLogger;
  /** The clock deciding expiry, epoch ms; the app passes its own so a frozen test clock applies. */
  now?: () => number;
}

/** {@link SessionStore} in files under one directory, for a single app instance. */
export class FileSessionStore implements SessionBackend {
  readonly #sessionsDir: string;
  readonly #revokedBeforePath: string;
  readonly #index: FileUserIndex;
  readonly #tombstones: FileTombstones;
  readonly #logger: StoreLogger;
  readonly #mutex = new KeyedMutex();
  readonly #locks = new InProcessLocks();
  readonly #now: () => number;
  /**
   * No filesystem call for a session read within FILE_RECHECK_MS of the last look at its file, and
   * one stat instead of a full read (open, stat, read, close, parse) after that while it is unchanged.
   */
  readonly #sessions = new LruMap<string, CachedSession>(CACHED_SESSIONS);

  /** Creates the directories at once, so a bad `dir` stops start-up instead of the first login. */
  constructor({ dir, logger, now = Date.now }: FileSessionStoreOptions) {
    this.#now = now;
    this.#sessionsDir = join(dir, 'sessions');
    this.#revokedBeforePath = join(dir, REVOKED_BEFORE_FILE);
    this.#index = new FileUserIndex(join(dir, 'users'), logger);
    this.#logger = logger;
    mkdirSync(this.#sessionsDir, { recursive: true, mode: 0o700 });
    this.#tombstones = new FileTombstones(join(dir, 'revoked'));
  }

  async create(key: string, session: SessionRecord): Promise<void> {
    assertSessionKey(key);
    await this.#exclusive(key, async () => {
      // Index before file: a session must never exist where destroyUserSessions cannot find it.
      if (session.userId !== null) await this.#index.add(session.userId, key);
      this.#sessions.delete(key);
      await writeFileAtomic(this.#sessionPath(key), encodeSessionRecord(session));
    });
  }

  async get(key: string): Promise<SessionRecord | null> {
    assertSessionKey(key);
    return this.#guard(async () => {
      const session = await this.#read(key, FILE_RECHECK_MS);
      return session && !isExpired(session, this.#now()) ? session : null;
    });
  }

  async update(key: string, session: SessionRecord): Promise<boolean> {
    assertSessionKey(key);
    return this.#exclusive(key, async () => {
      const current = await this.#read(key);
      // Under the key's lock, so a destroy queued before us has already removed the file.
      if (!current || isExpired(current, this.#now())) return false;
      const ownerChanged = current.userId !== session.userId;
      if (ownerChanged && session.userId !== null) await this.#index.add(session.userId, key);
      this.#sessions.delete(key);
      await writeFileAtomic(this.#sessionPath(key), encodeSessionRecord(session));
      if (ownerChanged && current.userId !== null) await this.#index.remove(current.userId, key);
      return true;
    });
  }

  async destroy(key: string): Promise<void> {
    assertSessionKey(key);
    await this.#exclusive(key, () => this.#remove(key));
  }

  async revoke(key: string, until: number, note: string): Promise<void> {
    assertSessionKey(key);
    await this.#exclusive(key, async () => {
      if (until > this.#now()) await this.#tombstones.add(key, until, note);
      await this.#remove(key);
    });
  }

  async revocationNote(key: string): Promise<string | null> {
    assertSessionKey(key);
    return this.#guard(() => this.#tombstones.noteOf(key, this.#now()));
  }

  async listUserSessions(userId: string): Promise<StoredSession[]> {
    return this.#guard(async () => {
      const keys = await this.#index.keys(userId);
      const owned = await Promise.all(keys.map((key) => this.#mutex.run(key, () => this.#owned(userId, key))));
      const now = this.#now();
      return owned.filter((entry): entry is StoredSession => entry !== null && !isExpired(entry.session, now));
    });
  }

  async destroyUserSessions(userId: string): Promise<number> {
    return this.#guard(async () => {
      const now = this.#now();
      const keys = await this.#index.keys(userId);
      const destroyed = await Promise.all(
        keys.map((key) =>
          this.#mutex.run(key, async () => {
            const entry = await this.#owned(userId, key);
            if (entry) await this.#remove(key);
            return entry !== null && !isExpired(entry.session, now);
          }),
        ),
      );
      return destroyed.filter(Boolean).length;
    });
  }

  async sweepExpired(now: number): Promise<number> {
    return this.#guard(async () => {
      let removed = 0;
      // One file at a time: a background chore should not compete with requests for descriptors.
      for (const name of await readdir(this.#sessionsDir)) {
        const key = name.endsWith(SESSION_FILE_SUFFIX) ? name.slice(0, -SESSION_FILE_SUFFIX.length) : '';
        if (isSessionKey(key)) {
          if (await this.#mutex.run(key, () => this.#removeIfExpired(key, now))) removed += 1;
        } else if (name.endsWith(TEMP_FILE_SUFFIX)) {
          await this.#removeStaleTempFile(name);
        } else {
          this.#logger.warn({ file: join(this.#sessionsDir, name) }, 'skipping a foreign file among sessions');
        }
      }
      await this.#tombstones.sweep(now);
      return removed;
    });
  }

  async acquireLock(name: string, ttlMs: number): Promise<ReleaseLock | null> {
    return this.#locks.acquire(name, ttlMs);
  }

  async revokedBefore(): Promise<number> {
    return this.#guard(() => this.#readRevokedBefore());
  }

  async revokeAllBefore(instant: number): Promise<void> {
    await this.#exclusive(REVOKED_BEFORE_FILE, async () => {
      if (instant > (await this.#readRevokedBefore())) await writeFileAtomic(this.#revokedBeforePath, String(instant));
    });
  }

  async ping(): Promise<boolean> {
    return stat(this.#sessionsDir).then(
      (info) => info.isDirectory(),
      () => false,
    );
  }

  async close(): Promise<void> {
    this.#locks.clear();
    this.#sessions.clear();
  }

  async #readRevokedBefore(): Promise<number> {
    const instant = Number(await readTextIfExists(this.#revokedBeforePath));
    return Number.isFinite(instant) && instant > 0 ? instant : 0;
  }

  #sessionPath(key: string): string {
    return join(this.#sessionsDir, `${key}${SESSION_FILE_SUFFIX}`);
  }

  /**
   * The stored record, or null when missing or unreadable (the latter with a warning): from memory
   * when its file was looked at less than `maxAgeMs` ago, else after a stat (and a read when the file
   * changed). Writers and removers pass 0: they act on the file as it is now. The caller gets its own
   * copy, free to change.
   */
  async #read(key: string, maxAgeMs = 0): Promise<SessionRecord | null> {
    const cached = this.#sessions.peek(key);
    const checkedAt = performance.now();
    if (cached && checkedAt - cached.checkedAt < maxAgeMs) return { ...cached.record };
    const path = this.#sessionPath(key);
    const info = statIfExists(path);
    if (!info) {
      this.#sessions.delete(key);
      return null;
    }
    if (cached && cached.ino === info.ino && cached.mtimeMs === info.mtimeMs && cached.size === info.size) {
      cached.checkedAt = checkedAt;
      this.#sessions.set(key, cached);
      return { ...cached.record };
    }
    const text = await readTextIfExists(path);
    const record = text === null ? null : decodeSessionRecord(text);
    if (!record) {
      this.#sessions.delete(key);
      if (text !== null) this.#logger.warn({ file: path }, 'skipping a session file that is not a session record');
      return null;
    }
    // Under the identity seen before reading: if the file changed in between, the next stat differs.
    this.#sessions.set(key, { record, ino: info.ino, mtimeMs: info.mtimeMs, size: info.size, checkedAt });
    return { ...record };
  }

  /** Under the key's lock: the user's session, dropping an index entry that no longer fits. */
  async #owned(userId: string, key: string): Promise<StoredSession | null> {
    const session = await this.#read(key);
    if (session?.userId === userId) return { key, session };
    await this.#index.remove(userId, key);
    return null;
  }

  /** Under the key's lock: deletes the session file, then its index entry. */
  async #remove(key: string): Promise<void> {
    const session = await this.#read(key);
    this.#sessions.delete(key);
    await removeIfExists(this.#sessionPath(key));
    if (session?.userId) await this.#index.remove(session.userId, key);
  }

  async #removeIfExpired(key: string, now: number): Promise<boolean> {
    const session = await this.#read(key);
    if (!session || !isExpired(session, now)) return false;
    await this.#remove(key);
    return true;
  }

  async #removeStaleTempFile(name: string): Promise<void> {
    const path = join(this.#sessionsDir, name);
    const info = await stat(path).catch(() => null);
    if (info && Date.now() - info.mtimeMs > STALE_TEMP_FILE_MS) await removeIfExists(path);
  }

  #exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.#guard(() => this.#mutex.run(key, work));
  }

  /** Turns unexpected I/O failures into the store's one fault, so callers fail closed. */
  async #guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof AppError && error.code === 'SESSION_KEY_INVALID') throw error;
      throw new AppError('SESSION_STORE_UNAVAILABLE', 'the session files cannot be read or written', { cause: error });
    }
  }
}

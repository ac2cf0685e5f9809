/**
 * The file store's per-user index: a directory per user holding one empty marker file per
 * session key. Adding or removing a marker is a single atomic file operation, so concurrent
 * logins of one user never lose each other's entries the way a shared index file could.
 * Markers may outlive their session; readers check ownership and drop stale ones.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isNotFound, removeIfExists } from './atomic-file.ts';
import { isSessionKey } from './session-key.ts';
import type { StoreLogger } from './store-logger.ts';

/** Session keys by user, as marker files under `dir`. */
export class FileUserIndex {
  readonly #dir: string;
  readonly #logger: StoreLogger;

  constructor(dir: string, logger: StoreLogger) {
    this.#dir = dir;
    this.#logger = logger;
  }

  /** Records that `key` belongs to `userId` (idempotent). */
  async add(userId: string, key: string): Promise<void> {
    const userDir = this.#userDir(userId);
    await mkdir(userDir, { recursive: true, mode: 0o700 });
    await writeFile(join(userDir, key), '', { mode: 0o600 });
  }

  /** Forgets that `key` belongs to `userId`; a missing entry is not an error. */
  async remove(userId: string, key: string): Promise<void> {
    await removeIfExists(join(this.#userDir(userId), key));
  }

  /** The keys recorded for `userId`, possibly including stale ones. */
  async keys(userId: string): Promise<string[]> {
    const userDir = this.#userDir(userId);
    let names: string[];
    try {
      names = await readdir(userDir);
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
    return names.filter((name) => {
      if (isSessionKey(name)) return true;
      this.#logger.warn({ file: join(userDir, name) }, 'skipping a foreign file in the session index');
      return false;
    });
  }

  // User ids come from the identity provider and may hold any character; a hash makes a safe name.
  #userDir(userId: string): string {
    return join(this.#dir, createHash('sha256').update(userId).digest('hex'));
  }
}

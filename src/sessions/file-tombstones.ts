/**
 * The file store's tombstones of revoked sessions: `revoked/<key>` holding the instant (epoch ms)
 * until which the session would have lived. One small file per revoked session, written atomically
 * and removed by the sweep once that instant has passed.
 */
import { mkdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readTextIfExists, removeIfExists, TEMP_FILE_SUFFIX, writeFileAtomic } from './atomic-file.ts';
import { isSessionKey } from './session-key.ts';

/** Tombstones as files under one directory. */
export class FileTombstones {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /** Marks `key` as revoked until `until`. */
  async add(key: string, until: number): Promise<void> {
    await writeFileAtomic(join(this.#dir, key), String(until));
  }

  /** Whether `key` has a tombstone still live at `now`. */
  async has(key: string, now: number): Promise<boolean> {
    return Number(await readTextIfExists(join(this.#dir, key))) > now;
  }

  /** Removes the tombstones dead at `now` (and unreadable ones). */
  async sweep(now: number): Promise<void> {
    for (const name of await readdir(this.#dir)) {
      if (name.endsWith(TEMP_FILE_SUFFIX) || !isSessionKey(name)) continue;
      if (!(await this.has(name, now))) await removeIfExists(join(this.#dir, name));
    }
  }
}

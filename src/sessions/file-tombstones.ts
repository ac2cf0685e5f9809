/**
 * The file store's tombstones of revoked sessions: `revoked/<key>` holding the instant (epoch ms)
 * until which the session would have lived, then a newline and the revocation's note. One small file
 * per revoked session, written atomically and removed by the sweep once that instant has passed.
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

  /** Marks `key` as revoked until `until`, for the reason `note` says. */
  async add(key: string, until: number, note: string): Promise<void> {
    await writeFileAtomic(join(this.#dir, key), `${until}\n${note}`);
  }

  /** The note of `key`'s tombstone if it is still live at `now`, else null. */
  async noteOf(key: string, now: number): Promise<string | null> {
    const text = (await readTextIfExists(join(this.#dir, key))) ?? '';
    const newline = text.indexOf('\n');
    // A tombstone written before notes existed holds only the instant: revoked, for no stated reason.
    const [until, note] = newline === -1 ? [text, ''] : [text.slice(0, newline), text.slice(newline + 1)];
    return Number(until) > now ? note : null;
  }

  /** Removes the tombstones dead at `now` (and unreadable ones). */
  async sweep(now: number): Promise<void> {
    for (const name of await readdir(this.#dir)) {
      if (name.endsWith(TEMP_FILE_SUFFIX) || !isSessionKey(name)) continue;
      if ((await this.noteOf(name, now)) === null) await removeIfExists(join(this.#dir, name));
    }
  }
}

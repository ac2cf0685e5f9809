/**
 * Small file helpers for the file store: whole-file atomic replacement and "missing is fine"
 * reads and deletes. Files are private to the app user because sessions hold secrets.
 */
import { randomUUID } from 'node:crypto';
import { statSync, type Stats } from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';

/** Suffix of in-flight temporary files, so directory scans can tell them from real entries. */
export const TEMP_FILE_SUFFIX = '.tmp';

/**
 * Replaces `path` with `text` through a temporary file and a rename, so a reader sees the old
 * content or the new one, never a torn mix. No fsync: losing the last write on power loss is
 * acceptable for sessions, a torn file is not.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${randomUUID()}${TEMP_FILE_SUFFIX}`;
  try {
    await writeFile(temp, text, { mode: 0o600, flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await removeIfExists(temp).catch(() => undefined);
    throw error;
  }
}

/** The file's text, or null when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/**
 * The file's metadata, or null when it does not exist. Synchronous on purpose: a stat of a local,
 * recently used file takes microseconds, far less than a round trip through libuv's thread pool
 * and a promise, and the file store stats on every session read.
 */
export function statIfExists(path: string): Stats | null {
  return statSync(path, { throwIfNoEntry: false }) ?? null;
}

/** Deletes `path`; returns false when it was already gone. */
export async function removeIfExists(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** Whether a filesystem error means "no such file or directory". */
export function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

/**
 * Holds the state in memory and persists it to `<dataDir>/state.json` after each change.
 * Writes are atomic (temp file + rename) and serialized: changes made while a write is in flight
 * are coalesced into one more write, so the file always ends up holding the latest state.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emptyState, type State } from './model.ts';

export interface StateStore {
  readonly state: State;
  /** Call after every mutation: schedules a save (a no-op for the memory store). */
  changed(): void;
  /** Resolves once every change made so far is on disk. */
  flush(): Promise<void>;
  /** Deletes the saved state (after a failed first start), so the next start begins empty again. */
  discard(): Promise<void>;
}

/** Opens the store: `memory` keeps nothing; any other value is a directory created on demand. */
export async function openStateStore(dataDir: string): Promise<StateStore> {
  if (dataDir === 'memory') return memoryStore();
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, 'state.json');
  return fileStore(file, await loadState(file));
}

function memoryStore(): StateStore {
  const state = emptyState();
  return { state, changed() {}, flush: async () => {}, discard: async () => {} };
}

async function loadState(file: string): Promise<State> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw error;
  }
  const parsed = JSON.parse(text) as State;
  if (parsed.version !== 1) throw new Error(`${file}: unknown state version ${String(parsed.version)}`);
  return { ...emptyState(), ...parsed };
}

function fileStore(file: string, state: State): StateStore {
  let dirty = false;
  let writing: Promise<void> | null = null;
  let failure: unknown = null;

  async function writeLoop(): Promise<void> {
    while (dirty) {
      dirty = false;
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(state), { mode: 0o600 });
      await rename(temp, file);
    }
  }

  function changed(): void {
    dirty = true;
    if (writing) return;
    writing = writeLoop()
      .catch((error: unknown) => {
        failure = error;
      })
      .finally(() => {
        writing = null;
      });
  }

  async function flush(): Promise<void> {
    while (writing) await writing;
    if (failure) {
      const error = failure;
      failure = null;
      throw error instanceof Error ? error : new Error('the state could not be saved', { cause: error });
    }
  }

  async function discard(): Promise<void> {
    await flush().catch(() => undefined);
    await rm(file, { force: true });
  }

  return { state, changed, flush, discard };
}

/**
 * A snapshot of the state, to put it back later: what `server.reset()` and `POST /dev/reset` restore, so a
 * test suite starts each test from the kickstarted state without restarting the server.
 */
import type { State } from './model.ts';
import type { StateStore } from './store.ts';

/** Remembers the state as it is now; the function returned puts it back in place (and saves it). */
export function rememberState(store: StateStore): () => Promise<void> {
  // The state is plain JSON (the file store saves it as such), so its text is a faithful deep copy.
  const saved = JSON.stringify(store.state);
  return async () => {
    const state: Partial<State> = store.state;
    for (const key of Object.keys(state) as (keyof State)[]) delete state[key];
    Object.assign(state, JSON.parse(saved) as State);
    store.changed();
    await store.flush();
  };
}

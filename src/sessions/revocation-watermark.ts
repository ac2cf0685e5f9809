/**
 * Where the application-wide revocation instant is kept, shared by every instance on the backend:
 * sessions created before it are over (FusionAuth revoked all of the application's refresh tokens).
 */
export interface RevocationInstantStore {
  /** The instant (epoch ms) before which every session counts as ended, or 0 when there was none. */
  revokedBefore(): Promise<number>;
  /** Raises the instant to `instant`; never lowers it (a replayed older event changes nothing). */
  revokeAllBefore(instant: number): Promise<void>;
}

/** How stale an instance's copy of the store's revocation instant may get: half the one-second promise. */
const MAX_AGE_MS = 500;

/**
 * The store's application-wide revocation instant (sessions created before it are over), as this
 * instance sees it: read from the store at most twice a second, so "everyone out" reaches every
 * instance within a second without a store read per request.
 */
export class RevocationWatermark {
  readonly #store: RevocationInstantStore;
  readonly #now: () => number;
  #value = 0;
  #readAt = Number.NEGATIVE_INFINITY;
  #reading: Promise<number> | null = null;

  constructor(store: RevocationInstantStore, now: () => number) {
    this.#store = store;
    this.#now = now;
  }

  /** This instance's copy of the instant while it is fresh (nothing to wait for), else undefined. */
  fresh(): number | undefined {
    return this.#now() - this.#readAt < MAX_AGE_MS ? this.#value : undefined;
  }

  /** The instant, from this instance's copy while it is fresh; concurrent requests share one read. */
  current(): Promise<number> {
    const fresh = this.fresh();
    if (fresh !== undefined) return Promise.resolve(fresh);
    this.#reading ??= this.#store
      .revokedBefore()
      .then((value) => {
        this.#value = Math.max(this.#value, value);
        this.#readAt = this.#now();
        return this.#value;
      })
      .finally(() => {
        this.#reading = null;
      });
    return this.#reading;
  }

  /** Ends every session created before `instant`, on every instance (here at once). */
  async raise(instant: number): Promise<void> {
    await this.#store.revokeAllBefore(instant);
    this.#value = Math.max(this.#value, instant);
  }
}

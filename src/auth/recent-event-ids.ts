/**
 * The ids of webhook events already handled, so a retried or replayed delivery changes nothing twice.
 * Bounded: past `capacity` the oldest ids go first. Events older than the replay window are refused
 * outright (see webhooks.ts), so an id only has to be remembered for that long.
 */
export class RecentEventIds {
  readonly #ids = new Set<string>();
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  /** Records `id`; false when it was already there (a duplicate). */
  claim(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.#capacity) {
      const oldest = this.#ids.values().next().value;
      if (oldest !== undefined) this.#ids.delete(oldest);
    }
    return true;
  }

  /** Forgets `id`, so a delivery that failed is handled when FusionAuth retries it. */
  release(id: string): void {
    this.#ids.delete(id);
  }
}

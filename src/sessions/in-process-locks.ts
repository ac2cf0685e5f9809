/**
 * Named locks with an expiry, held in this process only. Enough for the memory and file stores,
 * which serve a single app instance; the Redis store locks in Redis instead.
 */
import { randomUUID } from 'node:crypto';
import type { ReleaseLock } from './lock-service.ts';

const SWEEP_THRESHOLD = 10_000;

interface Holder {
  token: string;
  expiresAt: number;
}

/** A table of named locks; see {@link LockService.acquireLock} for the contract. */
export class InProcessLocks {
  readonly #holders = new Map<string, Holder>();

  /** Takes `name` for at most `ttlMs`, or returns null while another holder has it. */
  acquire(name: string, ttlMs: number): ReleaseLock | null {
    const now = Date.now();
    // Locks held until they expire (claims) are dropped once expired, so the table stays bounded.
    if (this.#holders.size >= SWEEP_THRESHOLD) this.#dropExpired(now);
    const current = this.#holders.get(name);
    if (current && current.expiresAt > now) return null;
    const token = randomUUID();
    this.#holders.set(name, { token, expiresAt: now + ttlMs });
    return async () => {
      // Only the holder may release: after expiry the lock may belong to someone else.
      if (this.#holders.get(name)?.token === token) this.#holders.delete(name);
    };
  }

  #dropExpired(now: number): void {
    for (const [name, holder] of this.#holders) if (holder.expiresAt <= now) this.#holders.delete(name);
  }

  /** Forgets every lock. */
  clear(): void {
    this.#holders.clear();
  }
}

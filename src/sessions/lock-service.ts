/** Releases a lock taken with {@link LockService.acquireLock}. */
export type ReleaseLock = () => Promise<void>;

/**
 * Short named locks, shared by every app instance on the same backend (memory, file or Redis): the
 * single-flight token refresh and the webhook claims take them. Beside the session store, not in it.
 */
export interface LockService {
  /** Takes the lock named `name` for at most `ttlMs`, or returns null when another holder has it. */
  acquireLock(name: string, ttlMs: number): Promise<ReleaseLock | null>;
}

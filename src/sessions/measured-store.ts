/**
 * A SessionStore that times every operation of another and counts its failures, for /metrics,
 * whichever store (memory, file, Redis) is underneath. Behaviour is the wrapped store's, unchanged.
 */
import type { AppMetrics } from '../metrics.ts';
import type { ReleaseLock } from './lock-service.ts';
import type { SessionRecord, SessionBackend, StoredSession } from './session-store.ts';

type StoreMetrics = Pick<AppMetrics, 'storeDuration' | 'storeErrors'>;

/** {@link SessionStore} decorator recording latency and errors per operation. */
export class MeasuredSessionStore implements SessionBackend {
  readonly #store: SessionBackend;
  readonly #metrics: StoreMetrics;

  constructor(store: SessionBackend, metrics: StoreMetrics) {
    this.#store = store;
    this.#metrics = metrics;
  }

  create(key: string, session: SessionRecord): Promise<void> {
    return this.#measure('create', () => this.#store.create(key, session));
  }

  get(key: string): Promise<SessionRecord | null> {
    return this.#measure('get', () => this.#store.get(key));
  }

  update(key: string, session: SessionRecord): Promise<boolean> {
    return this.#measure('update', () => this.#store.update(key, session));
  }

  destroy(key: string): Promise<void> {
    return this.#measure('destroy', () => this.#store.destroy(key));
  }

  listUserSessions(userId: string): Promise<StoredSession[]> {
    return this.#measure('listUserSessions', () => this.#store.listUserSessions(userId));
  }

  destroyUserSessions(userId: string): Promise<number> {
    return this.#measure('destroyUserSessions', () => this.#store.destroyUserSessions(userId));
  }

  sweepExpired(now: number): Promise<number> {
    return this.#measure('sweepExpired', () => this.#store.sweepExpired(now));
  }

  async acquireLock(name: string, ttlMs: number): Promise<ReleaseLock | null> {
    const release = await this.#measure('acquireLock', () => this.#store.acquireLock(name, ttlMs));
    return release && (() => this.#measure('releaseLock', release));
  }

  revoke(key: string, until: number, note: string): Promise<void> {
    return this.#measure('revoke', () => this.#store.revoke(key, until, note));
  }

  revocationNote(key: string): Promise<string | null> {
    return this.#measure('revocationNote', () => this.#store.revocationNote(key));
  }

  revokedBefore(): Promise<number> {
    return this.#measure('revokedBefore', () => this.#store.revokedBefore());
  }

  revokeAllBefore(instant: number): Promise<void> {
    return this.#measure('revokeAllBefore', () => this.#store.revokeAllBefore(instant));
  }

  /** Not measured: readiness probes would drown the request figures. */
  ping(): Promise<boolean> {
    return this.#store.ping();
  }

  close(): Promise<void> {
    return this.#store.close();
  }

  #measure<T>(operation: string, run: () => Promise<T>): Promise<T> {
    const startedAt = performance.now();
    const observe = () => this.#metrics.storeDuration.observe({ operation }, (performance.now() - startedAt) / 1000);
    return run().then(
      (result) => {
        observe();
        return result;
      },
      (error: unknown) => {
        observe();
        this.#metrics.storeErrors.inc({ operation });
        throw error;
      },
    );
  }
}

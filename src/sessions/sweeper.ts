import type { FastifyInstance } from 'fastify';
import type { SessionStore } from './session-store.ts';

/**
 * Removes expired sessions once at start and then every `intervalMs` while the app runs, telling
 * `onRemoved` how many went (stores that expire sessions themselves, as Redis does, report none).
 */
export function scheduleSessionSweep(
  app: FastifyInstance,
  store: SessionStore,
  now: () => number,
  intervalMs: number,
  onRemoved: (count: number) => void = () => {},
): void {
  let timer: NodeJS.Timeout | undefined;
  const sweep = async () => {
    try {
      const removed = await store.sweepExpired(now());
      if (removed > 0) app.log.info({ removed }, 'expired sessions removed');
      onRemoved(removed);
    } catch (error) {
      app.log.warn({ err: error }, 'session sweep failed; will retry');
    }
  };
  app.addHook('onReady', async () => {
    void sweep();
    timer = setInterval(() => void sweep(), intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}

/**
 * One Redis budget per request. Each Redis command already gives up after REDIS_COMMAND_TIMEOUT_MS, but a
 * request that asks several in turn (two rate-limit counters, then the session) waited that long for each:
 * with Redis hung, a sign-in took three times the timeout. Inside a request, the time spent waiting on Redis
 * is counted, every call races what is left of the budget, and once it is spent the next call fails at
 * once. Time spent elsewhere (FusionAuth answering slowly) does not count. Outside a request (start-up, the
 * sweeper, readiness probes) calls run as they are.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const budgets = new AsyncLocalStorage<{ leftMs: number }>();

/** Runs `next`, and everything it starts, with `ms` of waiting on Redis to spend. */
export function runWithRedisBudget(ms: number, next: () => void): void {
  budgets.run({ leftMs: ms }, next);
}

/**
 * `work()`, or a rejection with `late()` once the current request's budget runs out first (at once when it
 * is spent already: `work` is then not started). Outside a request with a budget, `work()` itself.
 */
export function withinRedisBudget<T>(work: () => Promise<T>, late: () => Error): Promise<T> {
  const budget = budgets.getStore();
  if (budget === undefined) return work();
  if (budget.leftMs <= 0) return Promise.reject(late());
  const startedAt = performance.now();
  const running = work();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(late()), budget.leftMs);
  });
  // The command goes on after the budget is spent; its own timeout settles it, and nobody waits for it.
  running.catch(() => {});
  return Promise.race([running, expired]).finally(() => {
    clearTimeout(timer);
    budget.leftMs -= performance.now() - startedAt;
  });
}

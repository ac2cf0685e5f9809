import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { FileSessionStore } from '../src/sessions/file-store.ts';
import { RedisSessionStore } from '../src/sessions/redis-store.ts';
import { authenticatedPage, startApp, type Scenario, type ScenarioSetup } from './scenarios.ts';
import { seedSessions } from './seed-sessions.ts';

const quiet = { warn: () => {} };

/**
 * Our authenticated page (user mode) on file and Redis stores already holding `sizes` sessions of other
 * users: what a full store costs a request. The seeded folders are under the setup's work folder.
 */
export async function startStoreCostScenarios(setup: ScenarioSetup, sizes: readonly number[]): Promise<Scenario[]> {
  const scenarios: Scenario[] = [];
  for (const size of sizes) {
    const count = size.toLocaleString('en');
    const dir = await mkdtemp(join(setup.workDir, 'seeded-'));
    const fileStore = new FileSessionStore({ dir, logger: quiet });
    await seedSessions(fileStore, size);
    await fileStore.close();
    const fileApp = await startApp(setup, 'file', 'user', { SESSION_DIR: dir });
    scenarios.push({
      name: `store cost: file store holding ${count} sessions`,
      kind: 'store-cost',
      store: 'file',
      mode: 'user',
      server: fileApp,
      request: await authenticatedPage(fileApp),
      isApp: true,
    });

    const prefix = setup.redis.newPrefix();
    const redisStore = new RedisSessionStore({ url: setup.redis.url, prefix, logger: quiet });
    await seedSessions(redisStore, size);
    await redisStore.close();
    const redisApp = await startApp(setup, 'redis', 'user', { REDIS_PREFIX: prefix });
    scenarios.push({
      name: `store cost: Redis holding ${count} sessions`,
      kind: 'store-cost',
      store: 'redis',
      mode: 'user',
      server: redisApp,
      request: await authenticatedPage(redisApp),
      isApp: true,
    });
  }
  return scenarios;
}

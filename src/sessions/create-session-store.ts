/** Picks and builds the session store the configuration asks for. */
import { FileSessionStore } from './file-store.ts';
import { MemorySessionStore } from './memory-store.ts';
import { RedisSessionStore } from './redis-store.ts';
import type { SessionBackend } from './session-store.ts';
import type { StoreLogger } from './store-logger.ts';

/** What {@link createSessionStore} needs; `dir` is required for the file store. */
export interface SessionStoreConfig {
  kind: 'memory' | 'file' | 'redis';
  dir?: string;
  redisUrl?: string;
  redisPrefix?: string;
  /** REDIS_COMMAND_TIMEOUT_MS. */
  redisCommandTimeoutMs?: number;
  logger: StoreLogger;
  /** The app's clock, epoch ms, so every store measures expiry as the app does. */
  now?: () => number;
}

/** The configured store. The file store serves one app instance; use Redis for several. */
export function createSessionStore(config: SessionStoreConfig): SessionBackend {
  const { logger, now } = config;
  switch (config.kind) {
    case 'memory':
      return new MemorySessionStore({ now });
    case 'file':
      if (!config.dir) throw new Error('the file session store needs a directory (SESSION_DIR)');
      return new FileSessionStore({ dir: config.dir, logger, now });
    case 'redis':
      return new RedisSessionStore({
        url: config.redisUrl,
        prefix: config.redisPrefix,
        commandTimeoutMs: config.redisCommandTimeoutMs,
        logger,
        now,
      });
  }
}

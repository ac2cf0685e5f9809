import { randomUUID } from 'node:crypto';
import { generatePublicSessionId, generateSessionToken, sessionKeyOf } from '../src/sessions/session-token.ts';
import type { SessionStore } from '../src/sessions/session-store.ts';

/** Fills a store with `count` live sessions of distinct users, the way sign-ins would. */
export async function seedSessions(store: SessionStore, count: number): Promise<void> {
  // A fresh Redis store refuses commands until it has connected (it fails fast instead of queueing).
  while (!(await store.ping())) await new Promise((resolve) => setTimeout(resolve, 50));
  const now = Date.now();
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    await Promise.all(
      Array.from({ length: size }, () =>
        store.create(sessionKeyOf(generateSessionToken()), {
          id: generatePublicSessionId(),
          userId: randomUUID(),
          createdAt: now,
          lastSeenAt: now,
          absoluteExpiresAt: now + 86_400_000,
          expiresAt: now + 86_400_000,
          csrfSecret: 'seeded',
          ip: '127.0.0.1',
          userAgent: 'bench',
        }),
      ),
    );
  }
}

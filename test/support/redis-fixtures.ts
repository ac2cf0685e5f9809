/**
 * Redis for tests, started by the tests: a redis-server of this test process's own (from PATH, on a free
 * loopback port, in a temp dir, stopped when the process exits), or the one `REDIS_URL` names. Suites
 * that need Redis skip with {@link skipRedisSuites}'s reason when neither exists.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { findFreePort } from './free-port.ts';
import { findExecutable, skipForMissingTool } from './test-tools.ts';

const REDIS_SERVER = findExecutable(['redis-server']);

/** node:test's `skip` for suites that need Redis: false when they can run, else why not. */
export const skipRedisSuites: false | string =
  process.env.REDIS_URL || REDIS_SERVER
    ? false
    : skipForMissingTool(
        'redis-server',
        'install Redis (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL',
      );

let sharedUrl: Promise<string> | undefined;

/** Servers still running, with the removal of their temp dir: a test process that exits takes them along. */
const running = new Map<ChildProcess, () => void>();
process.once('exit', () => {
  for (const [child, cleanUp] of running) {
    child.kill('SIGKILL');
    cleanUp();
  }
});

/**
 * The Redis this test process shares between its suites: `REDIS_URL` when set, else a private
 * redis-server started on first use. Tests keep to keys under a prefix of their own either way.
 */
export function sharedRedisUrl(): Promise<string> {
  const given = process.env.REDIS_URL;
  if (given) return Promise.resolve(given);
  sharedUrl ??= (async () => {
    const port = await findFreePort();
    const server = await startRedisServer(port);
    server.unref();
    return `redis://127.0.0.1:${port}`;
  })();
  return sharedUrl;
}

/** Deletes every key under `prefix` (never FLUSHDB: a given REDIS_URL may be someone else's too). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 })) {
    if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
  }
}

/**
 * Starts a throw-away redis-server (no persistence, loopback only, its own temp dir and log file) on
 * `port` and resolves once it answers PING; one that cannot start rejects with its log.
 */
export async function startRedisServer(port: number, extraArgs: readonly string[] = []): Promise<ChildProcess> {
  if (!REDIS_SERVER) throw new Error(skipForMissingTool('redis-server', 'install Redis or set REDIS_URL'));
  const dir = mkdtempSync(join(tmpdir(), 'test-redis-'));
  const logFile = join(dir, 'redis.log');
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--logfile',
    logFile,
    '--save',
    '',
    '--appendonly',
    'no',
    ...extraArgs,
  ];
  const child = spawn(REDIS_SERVER, args, { stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(new Error(`redis-server (${REDIS_SERVER}) could not be started: ${error.message}`)),
    );
    child.once('exit', (code) =>
      reject(
        new Error(
          `redis-server (${REDIS_SERVER}) exited with ${code} before it was ready; its log:\n${readLog(logFile)}`,
        ),
      ),
    );
  });
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  running.set(child, cleanUp);
  child.once('exit', () => {
    running.delete(child);
    cleanUp();
  });
  await Promise.race([failed, waitForPong(port)]);
  return child;
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '(no log written)';
  }
}

/** Resolves once a Redis on `port` answers PING (up to 10 s). */
async function waitForPong(port: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const answered = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setTimeout(500, () => socket.destroy());
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        resolve(data.toString().startsWith('+PONG'));
        socket.destroy();
      });
      socket.once('close', () => resolve(false));
      socket.once('error', () => resolve(false));
    });
    if (answered) return;
    await sleep(50);
  }
  throw new Error(`redis-server on port ${port} did not answer PING within 10 s`);
}

/** Kills a redis-server started by {@link startRedisServer} and waits until it is gone. */
export async function stopRedisServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

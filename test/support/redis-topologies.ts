/**
 * Private Redis Cluster and Redis Sentinel setups for tests, built from the redis-server binary on
 * free loopback ports, each in a temp directory of its own. `stop()` kills every process the setup
 * started and removes its directory, also when the setup failed half-way.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { findFreePort } from './free-port.ts';

/** Why Redis suites that start their own servers must skip here, or false when they can run. */
export function redisServerMissing(): string | false {
  const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return found.error || found.status !== 0
    ? 'the redis-server binary is not installed (apt-get install redis-server)'
    : false;
}

/** A group of redis-server processes and their directory. */
class Processes {
  readonly children = new Map<number, ChildProcess>();
  constructor(readonly dir: string) {}

  /** Starts `redis-server args…` and resolves once it logs `readyLine` (a server's, by default). */
  async start(port: number, args: string[], readyLine = 'Ready to accept connections'): Promise<void> {
    const child = spawn('redis-server', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.set(port, child);
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(readyLine)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server on ${port} exited with ${code}: ${output}`)));
    });
  }

  /** SIGKILLs the server on `port` (as a crash would) and waits until it is gone. */
  async kill(port: number): Promise<void> {
    const child = this.children.get(port);
    this.children.delete(port);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children.keys()].map((port) => this.kill(port)));
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Runs `setup`; on failure stops what it started before rethrowing. */
async function startOrClean<T>(processes: Processes, setup: () => Promise<T>): Promise<T> {
  try {
    return await setup();
  } catch (error) {
    await processes.stopAll();
    throw error;
  }
}

const NO_PERSISTENCE = ['--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'];

/** A running Redis Cluster of three primaries, each with one replica. */
export interface RedisClusterSetup {
  /** `redis+cluster://` seed list of every node, as REDIS_URL takes it. */
  url: string;
  stop(): Promise<void>;
}

/** Starts six cluster-enabled servers and joins them with `redis-cli --cluster create … --cluster-replicas 1`. */
export async function startRedisCluster(): Promise<RedisClusterSetup> {
  const processes = new Processes(await mkdtemp(join(tmpdir(), 'redis-cluster-')));
  return startOrClean(processes, async () => {
    const ports: number[] = [];
    for (let i = 0; i < 6; i++) {
      const [port, busPort] = [await findFreePort(), await findFreePort()];
      await processes.start(port, [
        '--port',
        String(port),
        '--cluster-enabled',
        'yes',
        '--cluster-port',
        String(busPort),
        '--cluster-config-file',
        `nodes-${port}.conf`,
        '--cluster-node-timeout',
        '2000',
        ...NO_PERSISTENCE,
      ]);
      ports.push(port);
    }
    const nodes = ports.map((port) => `127.0.0.1:${port}`);
    await promisify(execFile)('redis-cli', [
      '--cluster',
      'create',
      ...nodes,
      '--cluster-replicas',
      '1',
      '--cluster-yes',
    ]);
    await waitUntil('every node sees the cluster as ok', async () => {
      const states = await Promise.all(ports.map((port) => ask(port, ['cluster', 'info'])));
      return states.every((info) => String(info).includes('cluster_state:ok'));
    });
    return { url: `redis+cluster://${nodes.join(',')}`, stop: () => processes.stopAll() };
  });
}

/** A primary with one replica, watched by three Sentinels under the name `mymaster`. */
export interface RedisSentinelSetup {
  /** `redis+sentinel://` URL of the three Sentinels, as REDIS_URL takes it. */
  url: string;
  primaryPort: number;
  replicaPort: number;
  /** Kills the primary, as a crash would. */
  killPrimary(): Promise<void>;
  /** Resolves once the replica has been promoted to primary. */
  waitForPromotion(timeoutMs: number): Promise<void>;
  /** Blocks until the primary's writes so far reached the replica. */
  waitForReplication(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a primary, a replica and three Sentinels (quorum 2) that declare the primary down after 1 s. */
export async function startRedisSentinel(): Promise<RedisSentinelSetup> {
  const processes = new Processes(await mkdtemp(join(tmpdir(), 'redis-sentinel-')));
  return startOrClean(processes, async () => {
    const [primaryPort, replicaPort] = [await findFreePort(), await findFreePort()];
    await processes.start(primaryPort, ['--port', String(primaryPort), ...NO_PERSISTENCE]);
    await processes.start(replicaPort, [
      '--port',
      String(replicaPort),
      '--replicaof',
      '127.0.0.1',
      String(primaryPort),
      ...NO_PERSISTENCE,
    ]);
    const sentinelPorts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const port = await findFreePort();
      // A Sentinel rewrites its configuration file, so each gets a file of its own.
      const file = join(processes.dir, `sentinel-${port}.conf`);
      await writeFile(
        file,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${processes.dir}`,
          `sentinel monitor mymaster 127.0.0.1 ${primaryPort} 2`,
          'sentinel down-after-milliseconds mymaster 1000',
          'sentinel failover-timeout mymaster 5000',
          '',
        ].join('\n'),
      );
      await processes.start(port, [file, '--sentinel'], '+monitor master');
      sentinelPorts.push(port);
    }
    await waitUntil('the replica is in sync and every Sentinel knows it and the other two', async () => {
      const link = String(await ask(replicaPort, ['info', 'replication']));
      const views = await Promise.all(
        sentinelPorts.map(async (port) => ({
          replicas: (await ask(port, ['sentinel', 'replicas', 'mymaster'])) as unknown[],
          sentinels: (await ask(port, ['sentinel', 'sentinels', 'mymaster'])) as unknown[],
        })),
      );
      return (
        link.includes('master_link_status:up') &&
        views.every((view) => view.replicas.length === 1 && view.sentinels.length === 2)
      );
    });
    return {
      url: `redis+sentinel://${sentinelPorts.map((port) => `127.0.0.1:${port}`).join(',')}/mymaster`,
      primaryPort,
      replicaPort,
      killPrimary: () => processes.kill(primaryPort),
      waitForPromotion: (timeoutMs) =>
        waitUntil(
          'the replica was promoted',
          async () => String(await ask(replicaPort, ['info', 'replication'])).includes('role:master'),
          timeoutMs,
        ),
      waitForReplication: async () => {
        await ask(primaryPort, ['wait', '1', '2000']);
      },
      stop: () => processes.stopAll(),
    };
  });
}

/** One command to the server on `port`, through a short-lived connection. */
async function ask(port: number, command: string[]): Promise<unknown> {
  const redis = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    const [name = '', ...args] = command;
    return await redis.call(name, ...args);
  } finally {
    redis.disconnect();
  }
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

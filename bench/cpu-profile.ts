/**
 * Where a server's time goes under load, from V8's sampling profiler (`node --cpu-prof`): each
 * sample's innermost frame is put in a group (socket writes, Node's HTTP layer, Fastify, a folder of
 * our app…) and each group's time is divided by the requests served while it was sampled.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
}

/** The parts of V8's .cpuprofile format read here. */
export interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  /** Microseconds, on the same monotonic clock as `process.hrtime`. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Microseconds per request in each group. */
export type TimeBreakdown = ReadonlyMap<string, number>;

/** A stretch of time on the monotonic clock, in microseconds (see {@link monotonicMicros}). */
export interface Window {
  from: number;
  to: number;
}

/** Now, in microseconds on the monotonic clock that V8's profiles are timed by. */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * The main thread's profile among those a process wrote to `dir`. Node names them
 * CPU.<date>.<time>.<pid>.<thread>.<sequence>.cpuprofile; tsx runs a loader on a thread of its own.
 */
export async function readMainThreadProfile(dir: string): Promise<CpuProfile> {
  const main = (await readdir(dir)).find((name) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(name));
  if (!main) throw new Error(`no main-thread CPU profile in ${dir}`);
  return JSON.parse(await readFile(join(dir, main), 'utf8')) as CpuProfile;
}

/** Time per request in each group, over the samples taken within `window`; idle time is left out. */
export function whereTimeGoes(profile: CpuProfile, window: Window, requests: number): TimeBreakdown {
  const groupOfNode = new Map(profile.nodes.map((node) => [node.id, groupOf(node.callFrame)]));
  const micros = new Map<string, number>();
  let at = profile.startTime;
  profile.samples.forEach((nodeId, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    const group = groupOfNode.get(nodeId);
    if (group && at >= window.from && at <= window.to) micros.set(group, (micros.get(group) ?? 0) + delta);
  });
  return new Map([...micros].map(([group, total]) => [group, total / Math.max(1, requests)]));
}

const SOCKET_WRITES = new Set(['writev', 'writevGeneric', 'writeBuffer', 'writeUtf8String', 'writeLatin1String']);

/** The group a sample falls in by its innermost frame, or null when the thread was idle. */
function groupOf({ functionName, url }: CallFrame): string | null {
  if (functionName === '(idle)') return null;
  if (SOCKET_WRITES.has(functionName)) return 'socket writes (the kernel delivering to the load generator)';
  if (functionName === '(garbage collector)') return 'garbage collection';
  const nodeModule = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (nodeModule) return `package ${nodeModule[1]}`;
  const appFile = /\/dist\/src\/([^/]+)/.exec(url);
  if (appFile) return `app: src/${appFile[1]?.replace(/\.js$/, '.ts')}`;
  if (/\/bench\/[^/]+\.ts$/.test(url)) return "app: the bench server's own route";
  if (url.startsWith('node:internal/crypto')) return 'Node crypto (hashing)';
  if (/^node:(_http|internal\/http|net|internal\/stream_base)/.test(url)) return 'Node HTTP and sockets';
  if (/^node:internal\/streams/.test(url)) return 'Node streams';
  if (/^node:(internal\/process\/task_queues|internal\/timers|events|internal\/process\/promises)/.test(url))
    return 'Node event loop, ticks and events';
  if (url.startsWith('node:')) return 'Node, other';
  return 'V8 and native code without a JavaScript frame';
}

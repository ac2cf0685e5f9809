import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';

const CLOCK_TICKS_PER_SECOND = 100;

export interface ServerProcess {
  child: ChildProcess;
  /** Resident memory of the process, in MB. */
  rssMb(): Promise<number>;
  /** CPU time the process has used so far (user + system), in seconds. */
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts `node <script>` (through tsx for TypeScript) with `env` and any `nodeArgs` (e.g. `--cpu-prof`);
 * resolves once `readyUrl` answers.
 */
export async function startServerProcess(
  script: string,
  env: Record<string, string>,
  readyUrl: string,
  nodeArgs: readonly string[] = [],
): Promise<ServerProcess> {
  // Node itself, with no npx wrapper: the signal and the memory reading reach the server process.
  const args = [...nodeArgs, ...(script.endsWith('.ts') ? ['--import', 'tsx', script] : [script])];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    if (await answers(readyUrl)) break;
    if (attempt > 300) {
      child.kill('SIGKILL');
      throw new Error(`${script} did not become ready at ${readyUrl}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    async rssMb() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    async cpuSeconds() {
      // /proc/<pid>/stat: utime and stime are fields 14 and 15, in clock ticks (100 per second on Linux).
      const fields = (await readFile(`/proc/${child.pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

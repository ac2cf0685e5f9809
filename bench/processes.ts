import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export interface ServerProcess {
  child: ChildProcess;
  /** Resident memory of the process, in MB. */
  rssMb(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts `node <script>` (through tsx for TypeScript) with `env`; resolves once `readyUrl` answers. */
export async function startServerProcess(script: string, env: Record<string, string>, readyUrl: string): Promise<ServerProcess> {
  // Node itself, with no npx wrapper: the signal and the memory reading reach the server process.
  const args = script.endsWith('.ts') ? ['--import', 'tsx', script] : [script];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    if (await answers(readyUrl)) break;
    if (attempt > 300) throw new Error(`${script} did not become ready at ${readyUrl}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    async rssMb() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
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

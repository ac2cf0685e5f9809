import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export interface ServerProcess {
  child: ChildProcess;
  /** Resident memory of the process, in MB. */
  rssMb(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts `npx tsx <script>` with `env` and resolves once `readyUrl` answers. */
export async function startServerProcess(script: string, env: Record<string, string>, readyUrl: string): Promise<ServerProcess> {
  const child = spawn('npx', ['tsx', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    if (await answers(readyUrl)) break;
    if (attempt > 300) throw new Error(`${script} did not become ready at ${readyUrl}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    async rssMb() {
      const pid = await serverPid(child.pid ?? 0);
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
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

/** npx → tsx → node: the server is the deepest descendant of the spawned process. */
async function serverPid(pid: number): Promise<number> {
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).trim().split(/\s+/).filter(Boolean);
  const last = children.at(-1);
  return last ? serverPid(Number(last)) : pid;
}

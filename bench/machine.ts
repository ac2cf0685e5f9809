import { readFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem } from 'node:os';

/** The machine in one line: CPU, cores, memory, OS, kernel and Node. */
export async function describeMachine(): Promise<string> {
  const cores = cpus();
  const osRelease = await readFile('/etc/os-release', 'utf8').catch(() => '');
  const os = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(osRelease)?.[1] ?? 'unknown OS';
  return `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${os} (Linux ${release()}), Node ${process.version}`;
}

/** The 1-minute load average: how busy the machine was besides the bench. */
export function loadAverage(): number {
  return loadavg()[0] ?? 0;
}

/** Whether a load average means other work competed for the cores (more than half of them busy). */
export function wasBusy(load: number): boolean {
  return load > cpus().length / 2;
}

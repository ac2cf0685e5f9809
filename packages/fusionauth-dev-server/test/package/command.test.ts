/**
 * The package's command, as a newcomer runs it (`npx fusionauth-dev-server`): the bin registers tsx itself,
 * reads its settings from the environment and stops on a signal.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { KICKSTART } from '../support/fusionauth-target.ts';

const BIN = fileURLToPath(new URL('../../bin/fusionauth-dev-server.js', import.meta.url));

interface Started {
  process: ChildProcess;
  url: string;
  output: () => string;
}

/**
 * Runs the bin with plain `node` (no tsx flag) in `cwd` and waits for its start-up lines: "listening on",
 * then the API key line (the two may arrive in separate chunks).
 */
async function startCommand(cwd: string, env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [BIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', IDP_PORT: '0', IDP_DATA: 'memory', IDP_PASSWORD_FACTOR: '1000', ...env },
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const deadline = Date.now() + 20_000;
  let url: string | undefined;
  while (!(url = /listening on (\S+)/.exec(output)?.[1]) || !/API key:/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) assert.fail(`the command did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { process: child, url, output: () => output };
}

async function stop(started: Started): Promise<number | null> {
  const exited = once(started.process, 'exit');
  started.process.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}

let scratch: string;
before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'dev-server-command-'));
});
after(() => rm(scratch, { recursive: true, force: true }));

test('the command starts a dev server that answers GET /api/status, and stops cleanly on SIGTERM', async () => {
  const started = await startCommand(scratch, { IDP_KICKSTART: '' });
  try {
    const status = await fetch(`${started.url}/api/status`);
    assert.equal(status.status, 200);
  } finally {
    assert.equal(await stop(started), 0);
  }
  assert.match(started.output(), /SIGTERM: stopping/);
});

test('with IDP_KICKSTART unset, the command applies kickstart/kickstart.json from the working directory', async () => {
  const cwd = join(scratch, 'with-kickstart');
  await mkdir(join(cwd, 'kickstart'), { recursive: true });
  await copyFile(KICKSTART.file, join(cwd, 'kickstart', 'kickstart.json'));
  const started = await startCommand(cwd, {});
  try {
    assert.match(started.output(), new RegExp(`API key: +${KICKSTART.apiKey}`));
    const application = await fetch(`${started.url}/api/application/${KICKSTART.applicationId}`, {
      headers: { authorization: KICKSTART.apiKey },
    });
    assert.equal(application.status, 200);
  } finally {
    await stop(started);
  }
});

test('with IDP_KICKSTART unset and no kickstart in the working directory, the command starts empty and says it has no API key', async () => {
  const started = await startCommand(scratch, {});
  try {
    assert.match(started.output(), /API key: +\(none/);
    assert.equal((await fetch(`${started.url}/api/status`)).status, 200);
  } finally {
    await stop(started);
  }
});

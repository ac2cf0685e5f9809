/**
 * The package's command, as a newcomer runs it (`npx fusionauth-dev-server`): it reads its settings from its
 * options and the environment, names a bad one, and stops on a signal. Here it runs the TypeScript source (node
 * started with this test's own `--conditions=fusionauth-dev-server-source --import tsx`); the CI package check
 * runs the packed, compiled command with plain node.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { KICKSTART } from '../support/fusionauth-target.ts';
import { NODE_FLAGS } from '../support/node-flags.ts';

const BIN = fileURLToPath(new URL('../../bin/fusionauth-dev-server.js', import.meta.url));
/** What every run gets unless a test says otherwise: a free port, no state kept, fast password hashes. */
const QUICK = { IDP_PORT: '0', IDP_DATA: 'memory', IDP_PASSWORD_FACTOR: '1000' };

interface Started {
  process: ChildProcess;
  url: string;
  output: () => string;
}

function spawnCommand(cwd: string, env: Record<string, string>, args: string[] = []): ChildProcess {
  return spawn(process.execPath, [...NODE_FLAGS, BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
}

/**
 * Runs the bin in `cwd` and waits for its start-up lines: "listening on", then the API key line (the two may
 * arrive in separate chunks).
 */
async function startCommand(cwd: string, env: Record<string, string>, args: string[] = []): Promise<Started> {
  const child = spawnCommand(cwd, { ...QUICK, ...env }, args);
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
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

/** Runs the bin until it exits by itself, as it must for a bad setting: its exit code and what it printed. */
async function runToExit(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; stderr: string }> {
  const child = spawnCommand(scratch, env, args);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stderr };
}

test('options on the command line win over the environment: --port, --data, --kickstart', async () => {
  const started = await startCommand(scratch, { IDP_PORT: '1', IDP_DATA: '/nowhere' }, [
    '--port',
    '0',
    '--data',
    'memory',
    '--kickstart',
    KICKSTART.file,
  ]);
  try {
    assert.match(started.output(), new RegExp(`API key: +${KICKSTART.apiKey}`));
  } finally {
    await stop(started);
  }
});

test('an unknown option stops start-up, naming it', async () => {
  const { code, stderr } = await runToExit(QUICK, ['--prot', '9011']);
  assert.equal(code, 2);
  assert.match(stderr, /Unknown option '--prot'.*--help lists the options/);
});

test('a misspelt IDP_* variable stops start-up, naming it and the known ones', async () => {
  const { code, stderr } = await runToExit({ ...QUICK, IDP_PROT: '9011' });
  assert.equal(code, 2);
  assert.match(stderr, /unknown environment variable IDP_PROT \(known: IDP_PORT, /);
});

test('a value that is not a port stops start-up, naming the variable and the value', async () => {
  const { code, stderr } = await runToExit({ ...QUICK, IDP_PORT: 'ninety' });
  assert.equal(code, 2);
  assert.match(stderr, /IDP_PORT must be a whole number from 0 to 65535, got "ninety"/);
});

test('a port in use says so and exits non-zero', async () => {
  const first = await startCommand(scratch, { IDP_KICKSTART: '' });
  try {
    const { code, stderr } = await runToExit({ ...QUICK, IDP_KICKSTART: '', IDP_PORT: new URL(first.url).port });
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`port ${new URL(first.url).port} on 127.0.0.1 is in use`));
  } finally {
    await stop(first);
  }
});

test('a kickstart file that does not exist is named', async () => {
  const { code, stderr } = await runToExit({ ...QUICK, IDP_KICKSTART: 'kickstart/missing.json' });
  assert.equal(code, 2);
  assert.match(stderr, /the kickstart file kickstart\/missing\.json does not exist/);
});

test('a kickstart file that is not JSON is named, without a stack trace', async () => {
  const file = join(scratch, 'broken.json');
  await writeFile(file, '{ "apiKeys": [ ');
  const { code, stderr } = await runToExit({ ...QUICK, IDP_KICKSTART: file });
  assert.equal(code, 1);
  assert.match(stderr, new RegExp(`Kickstart: ${file.replaceAll(/[./]/g, '\\$&')} is not JSON`));
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
});

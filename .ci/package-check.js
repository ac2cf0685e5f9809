// The dev server package works outside this repository: packed with `npm pack`, installed from the tarball in
// an empty folder (no workspace, no tsx), its command started with npx and its two entry points imported by
// plain JavaScript and type-checked by TypeScript (moduleResolution nodenext and bundler); then every example
// of its README's guide runs there against the installed package. Needs the npm registry for the package's
// dependencies (most come from the cache `npm ci` filled), so CI runs it before the offline test run.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const PACKAGE = 'packages/fusionauth-dev-server';
const EXAMPLES = join(PACKAGE, 'examples');
/** The test tools the guide's examples need, at the repo's versions where it has them. */
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')).packages;
const pinned = (name) => `${name}@${lock[`node_modules/${name}`].version}`;
const TOOLS = [
  pinned('@fusionauth/typescript-client'),
  pinned('openid-client'),
  pinned('typescript'),
  pinned('@types/node'),
  'mocha@^11',
  'vitest@^3', // vitest 4 and later need a newer Node than 20
  'jest@^30',
];
const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'package-check-'));
const project = join(work, 'project');

function step(message) {
  console.log(`package-check [${((Date.now() - started) / 1000).toFixed(1)} s] ${message}`);
}

function fail(message) {
  console.error(`package-check: ${message}`);
  process.exit(1);
}

/** Runs a command in the temp project (unless told otherwise); its output, or the run fails naming it. */
function run(command, args, options = {}) {
  try {
    return execFileSync(command, args, {
      cwd: project,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_update_notifier: 'false' },
      ...options,
    });
  } catch (error) {
    fail(`${command} ${args.join(' ')} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

async function checkCommand() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const spawnedAt = Date.now();
  const child = spawn(
    'npx',
    ['fusionauth-dev-server', '--port', String(port), '--data', 'memory', '--kickstart', 'examples/kickstart.json'],
    // A process group of its own: npx does not pass SIGTERM on to the server it started, so the group gets it.
    { cwd: project, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  while (
    !(await fetch(`${url}/api/status`).then(
      (response) => response.status === 200,
      () => false,
    ))
  ) {
    if (child.exitCode !== null) fail(`npx fusionauth-dev-server exited with ${child.exitCode}:\n${output}`);
    if (Date.now() - spawnedAt > 5_000)
      fail(`npx fusionauth-dev-server did not answer /api/status within 5 s:\n${output}`);
    await sleep(50);
  }
  step(`npx fusionauth-dev-server answered GET /api/status 200 after ${Date.now() - spawnedAt} ms`);

  const { FusionAuthClient } = (
    await import(join(project, 'node_modules/@fusionauth/typescript-client/build/index.js'))
  ).default;
  const client = new FusionAuthClient('example-api-key-for-tests-only-0123456789', url);
  const login = await client.login({
    loginId: 'ada@example.com',
    password: 'correct horse battery',
    applicationId: '3c2b1a09-8f7e-4d6c-b5a4-938271605f4e',
  });
  if (login.statusCode !== 200 || !login.response.token) fail(`login answered ${login.statusCode}`);
  step('a login through @fusionauth/typescript-client answered 200 with a token');

  process.kill(-child.pid, 'SIGTERM');
  const [code, signal] = await once(child, 'exit');
  if (code !== 0 && signal !== 'SIGTERM') fail(`the command exited with ${code ?? signal} on SIGTERM:\n${output}`);
  for (
    let attempt = 0;
    await fetch(`${url}/api/status`).then(
      () => true,
      () => false,
    );
    attempt++
  ) {
    if (attempt > 40) fail('the dev server still answers after SIGTERM');
    await sleep(50);
  }
  step('SIGTERM stopped it');
}

function checkImports() {
  writeFileSync(
    join(project, 'consumer.mjs'),
    [
      "import { startDevServer } from 'fusionauth-dev-server';",
      "import { Browser, createTestClock, startFusionAuthTarget } from 'fusionauth-dev-server/testing';",
      "if ([Browser, createTestClock, startFusionAuthTarget].some((value) => typeof value !== 'function')) process.exit(3);",
      "const server = await startDevServer({ port: 0, dataDir: 'memory', kickstartFile: 'examples/kickstart.json' });",
      'if ((await fetch(`${server.url}/api/status`)).status !== 200) process.exit(4);',
      'await server.close();',
    ].join('\n'),
  );
  run('node', ['consumer.mjs']);
  step('a plain .mjs imported startDevServer and fusionauth-dev-server/testing, started and stopped a server');
  run('node', [
    '-e',
    "import('fusionauth-dev-server').then(m => m.startDevServer({ port: 0, dataDir: 'memory' })).then(s => s.close())",
  ]);
  step("node -e \"import('fusionauth-dev-server')…startDevServer({ port: 0, dataDir: 'memory' })…close()\" exited 0");

  writeFileSync(
    join(project, 'consumer.ts'),
    [
      "import { startDevServer, type DevServer, type DevServerOptions } from 'fusionauth-dev-server';",
      "import { Browser, startFusionAuthTarget, type FusionAuthTarget } from 'fusionauth-dev-server/testing';",
      "const options: DevServerOptions = { port: 0, dataDir: 'memory', passwordFactor: 1000 };",
      'const server: DevServer = await startDevServer(options);',
      'const target: FusionAuthTarget = await startFusionAuthTarget({ kickstartFile: null });',
      'const page = await new Browser(server.url).get(`/api/status`);',
      'const status: number = page.status;',
      'await server.reset();',
      'await Promise.all([server.close(), target.close()]);',
      'export { status };',
    ].join('\n'),
  );
  for (const [module, moduleResolution] of [
    ['nodenext', 'nodenext'],
    ['esnext', 'bundler'],
  ]) {
    const config = `tsconfig.${moduleResolution}.json`;
    writeFileSync(
      join(project, config),
      JSON.stringify({
        compilerOptions: { module, moduleResolution, target: 'es2022', strict: true, noEmit: true, types: ['node'] },
        files: ['consumer.ts'],
      }),
    );
    run('npx', ['tsc', '-p', config]);
    step(`tsc --noEmit passed with moduleResolution ${moduleResolution} (no skipLibCheck)`);
  }
}

async function checkExamples() {
  const nodeTests = ['node-test/login.test.mjs', 'openid-client/sign-in.test.mjs', 'real-or-dev/login.test.mjs'];
  run('node', ['--test', ...nodeTests], { cwd: join(project, 'examples') });
  step(`examples: node:test (${nodeTests.join(', ')}) passed`);
  run('npx', ['mocha', 'mocha/login.spec.mjs'], { cwd: join(project, 'examples') });
  step('examples: Mocha passed');
  run('npx', ['vitest', 'run'], { cwd: join(project, 'examples', 'vitest') });
  step('examples: Vitest passed');
  run('npx', ['jest'], { cwd: join(project, 'examples', 'jest') });
  step('examples: Jest passed');
  run('bash', ['ci-service/run-tests.sh'], {
    cwd: join(project, 'examples'),
    env: { ...process.env, PORT: String(await freePort()) },
  });
  step('examples: the CI service script passed');
}

try {
  run('npm', ['run', 'build', '-w', 'fusionauth-dev-server'], { cwd: process.cwd() });
  // Built just above, so the pack skips its prepack build: its output would corrupt the JSON answer.
  const packArgs = ['pack', '--json', '--ignore-scripts', '-w', 'fusionauth-dev-server', '--pack-destination', work];
  const [packed] = JSON.parse(run('npm', packArgs, { cwd: process.cwd() }));
  const tarball = join(work, packed.filename);
  step(
    `packed ${packed.filename}: ${(statSync(tarball).size / 1024).toFixed(0)} kB, ${packed.entryCount} files, ${(packed.unpackedSize / 1024 / 1024).toFixed(1)} MB unpacked`,
  );
  const outside = packed.files
    .map((file) => file.path)
    .filter((path) => !/^(bin|dist|docs)\/|^(README|CHANGELOG)\.md$|^package\.json$/.test(path));
  if (outside.length > 0) fail(`the tarball holds files a user does not need: ${outside.join(', ')}`);

  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'package-check', private: true, type: 'module' }),
  );
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], {
    cwd: project,
    encoding: 'utf8',
  });
  const printed = `${install.stdout}${install.stderr}`;
  if (install.status !== 0) fail(`npm install <tarball> failed:\n${printed}`);
  if (/warn/i.test(printed)) fail(`npm install <tarball> warned:\n${printed}`);
  const tree = JSON.parse(run('npm', ['ls', '--all', '--json']));
  if (JSON.stringify(tree).includes('"tsx"')) fail('the installed tree holds tsx');
  step('npm install <tarball> printed no warning; no tsx in the installed tree');

  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-dev', ...TOOLS]);
  cpSync(EXAMPLES, join(project, 'examples'), { recursive: true });
  step(`installed the examples' tools: ${TOOLS.join(', ')}`);

  await checkCommand();
  checkImports();
  await checkExamples();
  step('passed');
} finally {
  rmSync(work, { recursive: true, force: true });
}

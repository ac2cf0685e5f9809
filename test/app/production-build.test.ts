/**
 * The production build (`npm run build`, tsconfig.build.json) holds the app alone: the FusionAuth dev server is
 * a devDependency that only `npm start`'s embedded mode loads, never compiled into dist/.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let outDir: string;
let emitted: string[];
before(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'production-build-'));
  // The compiler from node_modules, run with node, as `npm run build` runs it.
  await run(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join(ROOT, 'tsconfig.build.json'),
      '--outDir',
      outDir,
    ],
    { cwd: ROOT },
  );
  emitted = (await readdir(outDir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => relative(outDir, join(entry.parentPath, entry.name)));
});
after(() => rm(outDir, { recursive: true, force: true }));

test("the production build compiles only the app's src/, where the entry point is", () => {
  assert.ok(emitted.includes(join('src', 'server.js')), 'dist/src/server.js, which npm run start:production runs');
  assert.deepEqual(
    emitted.filter((file) => !file.startsWith(`src${sep}`)),
    [],
  );
});

test('no file of the production build holds dev server code; the entry point names its package only to load it on demand', async () => {
  const holding: string[] = [];
  for (const file of emitted) {
    const text = await readFile(join(outDir, file), 'utf8');
    // The dev server's own answer for an endpoint it lacks: in its code, nowhere in the app's.
    if (text.includes('[UnsupportedEndpoint]')) holding.push(file);
    if (text.includes('fusionauth-dev-server') && file !== join('src', 'server.js')) holding.push(file);
  }
  assert.deepEqual(holding, []);
  const entry = await readFile(join(outDir, 'src', 'server.js'), 'utf8');
  assert.match(entry, /await import\('fusionauth-dev-server'\)/);
});

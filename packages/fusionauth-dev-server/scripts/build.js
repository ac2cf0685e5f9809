// `npm run build`: compiles src/ to dist/ (ESM JavaScript, .d.ts declarations, source maps holding the source,
// since src/ is not in the tarball), then copies the files the code reads at run time (the hosted pages' CSS
// and icon) beside the compiled modules that read them through `new URL(…, import.meta.url)`.
import { execFileSync } from 'node:child_process';
import { log } from 'node:console';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE = join(ROOT, 'src');
const OUTPUT = join(ROOT, 'dist');

rmSync(OUTPUT, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });

const assets = readdirSync(SOURCE, { recursive: true, withFileTypes: true }).filter(
  (entry) => entry.isFile() && !entry.name.endsWith('.ts'),
);
for (const entry of assets) {
  const from = join(entry.parentPath, entry.name);
  cpSync(from, join(OUTPUT, from.slice(SOURCE.length)));
}
log(`build: dist/ compiled, ${assets.length} asset files copied (${assets.map((a) => a.name).join(', ')})`);

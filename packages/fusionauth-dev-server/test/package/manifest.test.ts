/**
 * The manifest keeps the repository and the tarball on the same code: each entry point's source condition
 * (what the repository runs) and its built files (what the tarball holds) are one module, before and after
 * compilation; the tarball holds no source, and installing it brings no TypeScript runtime.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SOURCE_CONDITION = 'fusionauth-dev-server-source';
const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, string | Record<string, string>>;
  imports: Record<string, Record<string, string>>;
  files: string[];
  dependencies: Record<string, string>;
};

/** Where tsc (tsconfig.build.json: src/ to dist/) puts a source module. */
function compiled(source: string, extension: '.js' | '.d.ts'): string {
  return source.replace(/^\.\/src\//, './dist/').replace(/\.ts$/, extension);
}

test('each entry point runs, in the repository, the source of the very files the tarball holds', () => {
  const entries = { ...MANIFEST.exports, ...MANIFEST.imports };
  const conditional = Object.entries(entries).filter(([, target]) => typeof target === 'object');
  assert.deepEqual(
    conditional.map(([name]) => name),
    ['.', './testing', '#command'],
  );
  for (const [name, target] of conditional) {
    assert.ok(typeof target === 'object');
    const source = target[SOURCE_CONDITION] ?? assert.fail(`${name} has no source condition`);
    assert.equal(
      Object.keys(target)[0],
      SOURCE_CONDITION,
      `${name}: the source condition comes first, or it never wins`,
    );
    assert.equal(target.default, compiled(source, '.js'), name);
    if (name !== '#command') assert.equal(target.types, compiled(source, '.d.ts'), name);
  }
});

test('the tarball holds the build, not the source, and installing it brings no tsx', () => {
  assert.ok(MANIFEST.files.includes('dist'));
  assert.ok(!MANIFEST.files.includes('src'));
  assert.equal(MANIFEST.dependencies.tsx, undefined);
});

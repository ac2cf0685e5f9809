/**
 * The package stands alone: nothing in it reaches a file outside its folder or a package it does not declare,
 * so it can be copied out of this repository, installed and tested on its own.
 */
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const DECLARED = new Set([
  MANIFEST.name,
  ...Object.keys({ ...MANIFEST.dependencies, ...MANIFEST.devDependencies, ...MANIFEST.peerDependencies }),
]);

/** Every source file of the package: its code, its tests and its command. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'fixtures' ? [] : sourceFiles(path);
    return /\.(ts|js)$/.test(entry.name) ? [path] : [];
  });
}

/** What a file imports (static, dynamic, re-exports) and the files it reads through `new URL(…, import.meta.url)`. */
function references(text: string): { specifiers: string[]; urls: string[] } {
  const specifiers = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/g),
  ].map((match) => match[1] ?? match[2] ?? '');
  const urls = [...text.matchAll(/new URL\(\s*[`']([^`']+)[`'],\s*import\.meta\.url\)/g)].map(
    (match) => match[1] ?? '',
  );
  return { specifiers, urls };
}

/** The package a bare specifier names: `@scope/name` or `name`, without a subpath. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

test('no file of the package imports or reads a file outside the package, a file that is missing, or a package it does not declare', () => {
  const problems: string[] = [];
  const files = ['src', 'test', 'bin'].flatMap((dir) => sourceFiles(join(ROOT, dir)));
  assert.ok(files.length > 100, `found the package's files (${files.length})`);
  for (const file of files) {
    const { specifiers, urls } = references(readFileSync(file, 'utf8'));
    const name = relative(ROOT, file);
    for (const path of [
      ...specifiers.filter((specifier) => specifier.startsWith('.')),
      ...urls.filter((url) => url.startsWith('.')),
    ]) {
      const target = resolve(dirname(file), path.replace(/\$\{[^}]*\}.*$/, ''));
      if (relative(ROOT, target).startsWith('..')) problems.push(`${name} reaches outside the package: ${path}`);
      else if (!path.includes('${') && !existsSync(target))
        problems.push(`${name} reaches a file that is not there: ${path}`);
    }
    for (const specifier of specifiers.filter((specifier) => !specifier.startsWith('.'))) {
      const builtin = specifier.startsWith('node:') || builtinModules.includes(specifier);
      if (!builtin && !DECLARED.has(packageOf(specifier)))
        problems.push(`${name} imports the undeclared package ${specifier}`);
    }
  }
  assert.deepEqual(problems, []);
});

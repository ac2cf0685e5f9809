/**
 * Layering: the route handlers (src/api, src/oauth, src/mailbox) and the helpers beside them reach the dev
 * server's state only through the domain layer, which also persists each change; a handler that read or
 * wrote the state itself could skip both the save and the rules the domain functions keep. Only src/domain,
 * src/state, src/kickstart and src/tokens (and src/context.ts, which defines `stateOf`) touch it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HANDLER_FOLDERS = ['src/api', 'src/oauth', 'src/mailbox'];
const STATE_LAYERS = ['src/domain/', 'src/state/', 'src/kickstart/', 'src/tokens/', 'src/context.ts'];

function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return codeFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Why a handler file breaks the rule, if it does: it imports `stateOf` or reads the store's state itself. */
function stateAccessOf(text: string): string[] {
  const found: string[] = [];
  if (/import\s*\{[^}]*\bstateOf\b[^}]*\}\s*from/.test(text)) found.push('imports stateOf');
  if (/\.store\.state\b/.test(text)) found.push('reads store.state');
  return found;
}

test('no route handler under src/api, src/oauth or src/mailbox touches the state except through the domain layer', () => {
  const files = HANDLER_FOLDERS.flatMap((folder) => codeFiles(join(ROOT, folder)));
  assert.ok(files.length > 40, `found the handler files (${files.length})`);
  const problems = files.flatMap((file) =>
    stateAccessOf(readFileSync(file, 'utf8')).map((why) => `${relative(ROOT, file)} ${why}`),
  );
  assert.deepEqual(problems, []);
});

test('outside the domain, state, kickstart and tokens layers no source file touches the state', () => {
  const layers = STATE_LAYERS.map((layer) => join(ROOT, layer));
  const files = codeFiles(join(ROOT, 'src')).filter((file) => !layers.some((layer) => file.startsWith(layer)));
  const problems = files.flatMap((file) =>
    stateAccessOf(readFileSync(file, 'utf8')).map((why) => `${relative(ROOT, file)} ${why}`),
  );
  assert.deepEqual(problems, []);
});

test('the check recognises a handler that imports stateOf or reads store.state', () => {
  assert.deepEqual(stateAccessOf("import { stateOf, type DevServerContext } from '../context.ts';"), [
    'imports stateOf',
  ]);
  assert.deepEqual(stateAccessOf('const user = context.store.state.users[id];'), ['reads store.state']);
  assert.deepEqual(stateAccessOf("import type { DevServerContext } from '../context.ts';"), []);
});

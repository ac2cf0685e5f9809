/**
 * The README's guide for other projects' tests cannot rot: each example in it is a file under examples/,
 * embedded verbatim (after a `<!-- examples/… -->` line), and the node:test ones run here against the
 * package's source. CI's package check runs all of them (Mocha, Vitest, Jest and the CI script too) against
 * the packed package installed in an empty folder.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { NODE_FLAGS } from '../support/node-flags.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLES = join(ROOT, 'examples');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** Each `<!-- examples/… -->` marker of the README and the fenced block after it. */
function embeddedExamples(): Map<string, string> {
  const embedded = new Map<string, string>();
  for (const match of README.matchAll(/<!-- (examples\/\S+) -->\n\n```\w*\n([\s\S]*?)```\n/g))
    embedded.set(match[1] ?? '', match[2] ?? '');
  return embedded;
}

function exampleFiles(): string[] {
  return readdirSync(EXAMPLES, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .sort();
}

test('the README embeds every file under examples/, each exactly as the file holds it', () => {
  const embedded = embeddedExamples();
  assert.deepEqual([...embedded.keys()].sort(), exampleFiles());
  for (const [file, text] of embedded) assert.equal(text, readFileSync(join(ROOT, file), 'utf8'), `${file} differs`);
});

test("the guide's node:test examples (a server per file with resets, openid-client, dev server or real FusionAuth) pass", async () => {
  const files = [
    'examples/node-test/login.test.mjs',
    'examples/openid-client/sign-in.test.mjs',
    'examples/real-or-dev/login.test.mjs',
  ];
  const { stdout } = await promisify(execFile)(process.execPath, [...NODE_FLAGS, '--test', ...files], {
    cwd: ROOT,
    // Without this the inner runner would report to this one, as a file this runner started, not print.
    env: { ...process.env, NODE_TEST_CONTEXT: undefined },
  }).catch((error: { stdout?: string; stderr?: string }) =>
    assert.fail(`the examples failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`),
  );
  assert.match(stdout, /# pass 5\n# fail 0/);
});

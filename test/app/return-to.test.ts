import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeReturnTo } from '../../src/sign-in/return-to.ts';

const APP_ORIGIN = 'https://app.example';

/**
 * Whether a browser following `Location: target` from a page of the app stays on the app's origin:
 * the WHATWG URL parser (what browsers use) agrees, and the target is a plain path a lenient client
 * could not read as protocol-relative either (no leading `//` or `/\`, no whitespace it would strip).
 */
function staysOnAppOrigin(target: string): boolean {
  return (
    new URL(target, `${APP_ORIGIN}/some/page`).origin === APP_ORIGIN &&
    /^\/(?![/\\])/.test(target) &&
    // eslint-disable-next-line no-control-regex
    !/[\\\s\u0000-\u001f\u007f]/.test(target)
  );
}

/** Pieces of known bypasses; the corpus strings every combination of up to three of them before a host. */
const PIECES = [
  '/',
  '//',
  '\\',
  '.',
  '..',
  '%2e',
  '%2E',
  '%2e%2e',
  '.%2e',
  '%2f',
  '%2F',
  '%5c',
  '%5C',
  '%252f',
  '\t',
  '\n',
  '\r',
  ' ',
  '%09',
  '%0a',
  '%00',
  '\u3000',
  '\uff0f',
  '\u2215',
  '\u2044',
  '\u29f8',
  '@',
  ':',
  'https:',
  'HtTpS:',
  'javascript:',
  'JaVaScRiPt:',
  '?',
  '#',
  ';',
];
const HOSTS = ['evil.example', 'evil.example/path', '@evil.example'];

function* generatedCorpus(): Generator<string> {
  for (const a of PIECES) {
    for (const b of PIECES) {
      for (const host of HOSTS) {
        yield `${a}${b}${host}`;
        yield `/${a}${b}${host}`;
        yield `/${a}/${b}/${host}`;
      }
    }
  }
  // Random longer chains of the same pieces, reproducible from a fixed seed.
  let seed = 17;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < 3000; i++) {
    const length = 2 + (next() % 6);
    let value = '/';
    for (let j = 0; j < length; j++) value += PIECES[next() % PIECES.length];
    yield value + HOSTS[next() % HOSTS.length];
  }
}

test('same-site paths are kept, with their query and fragment', () => {
  assert.equal(safeReturnTo('/account/sessions'), '/account/sessions');
  assert.equal(safeReturnTo('/search?q=a%20b&x=1#top'), '/search?q=a%20b&x=1#top');
  assert.equal(safeReturnTo('/account/./sessions/../sessions'), '/account/sessions', 'dot segments are resolved');
});

const attempts = [
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  'https://evil.example',
  'http:evil.example',
  'https:evil.example',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,hi',
  ' /account',
  '\t/account',
  '/%2F%2Fevil.example',
  '/%5Cevil.example',
  '%2F%2Fevil.example',
  '/\r\nSet-Cookie:x=1',
  '/%0d%0aSet-Cookie:x=1',
  'evil.example',
  '',
  '/%E0%A4%A',
  '/login',
  '/register?x=1',
  `/${'a'.repeat(3000)}`,
];
for (const attempt of attempts) {
  test(`returnTo ${JSON.stringify(attempt.slice(0, 40))} is ignored`, () => {
    assert.equal(safeReturnTo(attempt), '/');
  });
}

const collapsing = [
  '/..//evil.example',
  '/.//evil.example',
  '/%2e%2e//evil.example',
  '/%2E//evil.example',
  '/a/../..//evil.example',
  '/./.././/evil.example',
  '/.%2e//evil.example',
  '/x/%2e%2e//evil.example',
];
for (const attempt of collapsing) {
  test(`regression: dot segments that collapse to a protocol-relative URL (${JSON.stringify(attempt)}) are ignored`, () => {
    assert.equal(safeReturnTo(attempt), '/');
  });
}

test('a returnTo that is not a string is ignored', () => {
  assert.equal(safeReturnTo(['/a', '/b']), '/');
  assert.equal(safeReturnTo(undefined), '/');
});

test('for every input of a generated corpus, the redirect target stays on the app’s own origin', () => {
  let count = 0;
  let kept = 0;
  for (const input of generatedCorpus()) {
    count++;
    const target = safeReturnTo(input);
    assert.ok(staysOnAppOrigin(target), `${JSON.stringify(input)} → ${JSON.stringify(target)} leaves the app`);
    assert.equal(
      safeReturnTo(target),
      target,
      `${JSON.stringify(input)}: the target is accepted as it is when it comes back`,
    );
    if (target !== '/') kept++;
  }
  assert.ok(count > 5000, `the corpus has ${count} inputs`);
  assert.ok(kept > 100, `some inputs are harmless paths and are kept (${kept})`);
});

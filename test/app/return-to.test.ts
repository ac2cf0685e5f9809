import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeReturnTo } from '../../src/auth/return-to.ts';

test('same-site paths are kept, with their query and fragment', () => {
  assert.equal(safeReturnTo('/account/sessions'), '/account/sessions');
  assert.equal(safeReturnTo('/search?q=a%20b&x=1#top'), '/search?q=a%20b&x=1#top');
});

const attempts = [
  '//evil.example', '///evil.example', '/\\evil.example', '\\\\evil.example', 'https://evil.example', 'http:evil.example',
  'https:evil.example', 'javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,hi', ' /account', '\t/account',
  '/%2F%2Fevil.example', '/%5Cevil.example', '%2F%2Fevil.example', '/\r\nSet-Cookie:x=1', '/%0d%0aSet-Cookie:x=1',
  'evil.example', '', '/%E0%A4%A', '/login', '/register?x=1', `/${'a'.repeat(3000)}`,
];
for (const attempt of attempts) {
  test(`returnTo ${JSON.stringify(attempt.slice(0, 40))} is ignored`, () => {
    assert.equal(safeReturnTo(attempt), '/');
  });
}

test('a returnTo that is not a string is ignored', () => {
  assert.equal(safeReturnTo(['/a', '/b']), '/');
  assert.equal(safeReturnTo(undefined), '/');
});

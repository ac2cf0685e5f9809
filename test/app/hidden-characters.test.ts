import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn } from '../support/browser.ts';
import { uniqueEmail } from '../support/fusionauth-admin.ts';

/**
 * Emails and names with characters nobody sees (NUL and other controls, bidirectional overrides) are refused
 * with a field error: `admin@example.com` + NUL registered a second account shown everywhere as
 * "admin@example.com".
 */
describe('regression: invisible characters in emails and names made look-alike accounts', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  async function register(fields: Record<string, string>) {
    const browser = new Browser(t.url);
    const token = csrfTokenIn((await browser.get('/register')).body);
    return browser.post('/register', { _csrf: token, password: 'a good long password 42', ...fields });
  }

  for (const [what, email, message] of [
    ['a NUL at the end', 'admin@example.com\u0000', /Email must not contain a control character/],
    ['a C1 control', `x\u0085${uniqueEmail()}`, /Email must not contain a control character/],
    [
      'a right-to-left override',
      `\u202e${uniqueEmail()}`,
      /Email must not contain a character that changes the direction/,
    ],
  ] as const)
    test(`an email with ${what} is refused at /register with a field error`, async () => {
      const page = await register({ email, firstName: 'A', lastName: 'B' });
      assert.equal(page.status, 400);
      assert.match(page.body, message);
    });

  test('a name with a bidirectional isolate or a NUL is refused with its field error', async () => {
    const page = await register({ email: uniqueEmail(), firstName: 'Ann\u2066', lastName: 'B\u0000' });
    assert.equal(page.status, 400);
    assert.match(page.body, /First name must not contain a character that changes the direction/);
    assert.match(page.body, /Last name must not contain a control character/);
  });

  test('the same email without them registers', async () => {
    const page = await register({ email: uniqueEmail(), firstName: 'Ann', lastName: 'B' });
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.body, /must not contain/);
  });
});

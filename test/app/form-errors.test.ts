/**
 * Form errors a screen-reader user notices at once: the title starts with "Error:", focus lands on the
 * first field to fix (the `autofocus` attribute, no script under the strict CSP), and the sign-in form
 * puts the cursor in its first empty field.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser } from '../support/browser.ts';

/** The ids of the inputs that carry `autofocus`, in page order. */
function autofocused(body: string): string[] {
  return [...body.matchAll(/<input id="([^"]+)"[^>]*\sautofocus[\s>]/g)].map((match) => match[1] ?? '');
}

describe('accessible form errors', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_MAX: '10000' } });
  });
  after(() => t.close());

  test('the sign-in form focuses the email field, and its title has no "Error:"', async () => {
    const page = await new Browser(t.url).get('/login');
    assert.deepEqual(autofocused(page.body), ['field-email']);
    assert.match(page.body, /<title>Sign in · Acme Account<\/title>/);
    assert.doesNotMatch(page.body, /<script>/, 'no inline script');
  });

  test('a sign-in sent empty says "Error:" in the title and focuses the first field to fix', async () => {
    const refused = await new Browser(t.url).submit('/login', '/login', { email: '', password: '' });
    assert.equal(refused.status, 400);
    assert.match(refused.body, /<title>Error: Sign in · Acme Account<\/title>/);
    assert.equal(autofocused(refused.body)[0], 'field-email');
  });

  test('a wrong password keeps the email and focuses the password field', async () => {
    const refused = await new Browser(t.url).login('richard@example.com', 'not the password');
    assert.equal(refused.status, 401);
    assert.match(refused.body, /<title>Error: Sign in · Acme Account<\/title>/);
    assert.deepEqual(autofocused(refused.body), ['field-password']);
  });

  test('a registration with a bad field focuses that field', async () => {
    const refused = await new Browser(t.url).submit('/register', '/register', {
      email: 'not an email',
      password: 'a long enough password',
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
    assert.equal(refused.status, 400);
    assert.match(refused.body, /<title>Error: /);
    assert.equal(autofocused(refused.body)[0], 'field-email');
  });
});

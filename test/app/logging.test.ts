import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn } from '../support/browser.ts';
import { FusionAuthAdmin, uniqueEmail } from '../support/fusionauth-admin.ts';

describe('logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  before(async () => {
    t = await startTestApp({ env: { LOG_LEVEL: 'trace', SESSION_MODE: 'tokens' }, logStream: { write: (line) => lines.push(line) } });
  });
  after(() => t.close());

  test('are structured and never carry a password, a token, a session id or a cookie value', async () => {
    const admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
    const user = await admin.createUser({ password: 'P4ssword-that-must-not-be-logged' });
    const browser = new Browser(t.url);
    await browser.login(user.email, 'Wrong-password-that-must-not-be-logged');
    const profile = await browser.login(user.email, user.password);
    const csrf = csrfTokenIn(profile.body);
    await browser.submit('/register', '/register', { email: uniqueEmail(), password: 'Register-password-not-logged', firstName: 'A', lastName: 'B' });
    await browser.post('/logout', { _csrf: csrf });

    assert.ok(lines.length > 10, 'the flows were logged');
    for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), 'every line is JSON');
    const log = lines.join('\n');
    assert.match(log, /"msg":"signed in"/);
    const [stored] = await t.store.listUserSessions(user.id);
    const secrets = [
      'P4ssword-that-must-not-be-logged',
      'Wrong-password-that-must-not-be-logged',
      'Register-password-not-logged',
      csrf,
      ...browser.cookies.values(),
      stored?.key ?? 'no-key',
    ];
    for (const secret of secrets) assert.ok(!log.includes(secret), `a secret leaked into the logs: ${secret.slice(0, 6)}…`);
    assert.doesNotMatch(log, /eyJ[A-Za-z0-9_-]{10,}\./, 'no JWT');
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn } from '../support/browser.ts';
import { FusionAuthAdmin, uniqueEmail } from '../support/fusionauth-admin.ts';
import { isRealFusionAuth } from '../support/fusionauth-target.ts';
import { isHostedLoginPage, submitHostedForm } from '../support/hosted-pages.ts';

interface Mail {
  to: string;
  text: string;
}

/** The path of the newest emailed link to `route` for `email`, from the dev server's mailbox. */
async function emailedLink(t: TestApp, email: string, route: string): Promise<string> {
  const response = await fetch(`${t.fusionAuth.url}/dev/mailbox`, { headers: { accept: 'application/json' } });
  const { messages } = (await response.json()) as { messages: Mail[] };
  const latest = messages.find((message) => message.to === email);
  const path = new RegExp(`${t.url}(/${route}/[A-Za-z0-9_-]+)`).exec(latest?.text ?? '')?.[1];
  assert.ok(path, `a ${route} link for ${email}`);
  return path;
}

/** Buffers pino logged as `{ type: 'Buffer', data: [bytes] }` (a rejected request's raw bytes), as text. */
function buffersIn(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const record = value as { type?: unknown; data?: unknown };
  if (record.type === 'Buffer' && Array.isArray(record.data))
    return [Buffer.from(record.data as number[]).toString('latin1')];
  return Object.values(value).flatMap(buffersIn);
}

function assertNoSecretIn(lines: string[], secrets: string[]): void {
  assert.ok(lines.length > 0, 'something was logged');
  for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), 'every line is JSON');
  const log = [...lines, ...lines.flatMap((line) => buffersIn(JSON.parse(line)))].join('\n');
  for (const secret of secrets) {
    assert.ok(secret.length >= 8, `a secret worth looking for: ${secret}`);
    assert.ok(!log.includes(secret), `a secret leaked into the logs: ${secret.slice(0, 6)}…`);
  }
  assert.doesNotMatch(log, /eyJ[A-Za-z0-9_-]{10,}\./, 'no JWT');
}

describe('logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  before(async () => {
    t = await startTestApp({
      env: { LOG_LEVEL: 'trace', SESSION_MODE: 'tokens' },
      logStream: { write: (line) => lines.push(line) },
    });
  });
  after(() => t.close());

  test('are structured and never carry a password, a token, a session id or a cookie value', async () => {
    const admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
    const user = await admin.createUser({ password: 'P4ssword-that-must-not-be-logged' });
    const browser = new Browser(t.url);
    await browser.login(user.email, 'Wrong-password-that-must-not-be-logged');
    const profile = await browser.login(user.email, user.password);
    const csrf = csrfTokenIn(profile.body);
    await browser.submit('/register', '/register', {
      email: uniqueEmail(),
      password: 'Register-password-not-logged',
      firstName: 'A',
      lastName: 'B',
    });
    await browser.post('/logout', { _csrf: csrf });

    assert.match(lines.join('\n'), /"msg":"signed in"/);
    const [stored] = await t.store.listUserSessions(user.id);
    assertNoSecretIn(lines, [
      'P4ssword-that-must-not-be-logged',
      'Wrong-password-that-must-not-be-logged',
      'Register-password-not-logged',
      csrf,
      ...browser.cookies.values(),
      stored?.key ?? 'no-session-key',
    ]);
  });
});

/** Sends `request` as raw bytes and waits for the server to close the connection; the answer's status line. */
function sendRaw(url: string, request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(new URL(url).port) });
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.end(request);
  });
}

describe('regression: the session cookie of a request the HTTP parser rejects was in the trace log', () => {
  test("at LOG_LEVEL=trace, a rejected request's Cookie and Authorization headers are not logged", async () => {
    const lines: string[] = [];
    const t = await startTestApp({ env: { LOG_LEVEL: 'trace' }, logStream: { write: (line) => lines.push(line) } });
    try {
      const browser = new Browser(t.url);
      await browser.get('/login');
      const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      const secrets = [...browser.cookies.values(), 'Bearer-secret-in-a-rejected-request'];
      // A sibling subdomain can set cookies that push the Cookie header past Node's 16 KiB header limit.
      const oversized = `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}; padding=${'x'.repeat(17 * 1024)}\r\n\r\n`;
      assert.match(await sendRaw(t.url, oversized), /^HTTP\/1\.1 431 /);
      const malformed = `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nAuthorization: Bearer Bearer-secret-in-a-rejected-request\r\nBad Header\r\n\r\n`;
      assert.match(await sendRaw(t.url, malformed), /^HTTP\/1\.1 400 /);
      assert.match(lines.join('\n'), /client error|client header_overflow/, 'the rejection is logged');
      assertNoSecretIn(lines, secrets);
    } finally {
      await t.close();
    }
  });
});

describe(
  'regression: emailed-link ids and OAuth codes in the request log lines',
  { skip: isRealFusionAuth() && "reads the dev server's mailbox" },
  () => {
    test('signing up, confirming the email and resetting the password at LOG_LEVEL=trace logs route patterns, never the ids', async () => {
      const lines: string[] = [];
      const t = await startTestApp({ env: { LOG_LEVEL: 'trace' }, logStream: { write: (line) => lines.push(line) } });
      const admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
      const tenantId = t.fusionAuth.tenantId ?? '';
      await admin.client.patchTenant(tenantId, { tenant: { emailConfiguration: { verifyEmail: true } } });
      try {
        const email = uniqueEmail();
        const browser = new Browser(t.url);
        await browser.submit('/register', '/register', {
          email,
          password: 'Sign-up-password-not-logged',
          firstName: 'Log',
          lastName: 'Test',
        });
        await browser.post('/logout', { _csrf: csrfTokenIn((await browser.get('/')).body) });
        const gated = await browser.login(email, 'Sign-up-password-not-logged');
        await browser.post('/verify-email/resend', { _csrf: csrfTokenIn(gated.body), email });
        const verifyLink = await emailedLink(t, email, 'verify-email');
        const confirm = await browser.get(verifyLink);
        assert.match(
          (await browser.post(verifyLink, { _csrf: csrfTokenIn(confirm.body) })).body,
          /Email address confirmed/,
        );

        await browser.submit('/forgot-password', '/forgot-password', { email });
        const resetLink = await emailedLink(t, email, 'reset-password');
        assert.equal((await browser.get(`${resetLink}/`)).status, 404, 'a mistyped link is logged without its id too');
        const resetForm = await browser.get(resetLink);
        const reset = await browser.post(resetLink, {
          _csrf: csrfTokenIn(resetForm.body),
          password: 'Reset-password-not-logged',
        });
        assert.equal(reset.status, 200);
        assert.match((await browser.login(email, 'Reset-password-not-logged')).body, /Sign out<\/button>/);

        const log = lines.join('\n');
        assert.match(log, /"route":"\/reset-password\/:id","url":"\/reset-password\/\[redacted\]"/);
        assert.match(log, /"route":"\/verify-email\/:id"/);
        assertNoSecretIn(lines, [
          verifyLink.split('/').pop() ?? '',
          resetLink.split('/').pop() ?? '',
          'Sign-up-password-not-logged',
          'Reset-password-not-logged',
          ...browser.cookies.values(),
        ]);
      } finally {
        await admin.client.patchTenant(tenantId, { tenant: { emailConfiguration: { verifyEmail: false } } });
        await t.close();
      }
    });

    test('registration verification links are logged without their id', async () => {
      const lines: string[] = [];
      const t = await startTestApp({ env: { LOG_LEVEL: 'trace' }, logStream: { write: (line) => lines.push(line) } });
      const admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
      await admin.client.patchApplication(admin.applicationId, { application: { verifyRegistration: true } });
      try {
        const email = uniqueEmail();
        const browser = new Browser(t.url);
        await browser.submit('/register', '/register', {
          email,
          password: 'Sign-up-password-not-logged',
          firstName: 'Log',
          lastName: 'Test',
        });
        const link = await emailedLink(t, email, 'verify-registration');
        const confirm = await browser.get(link);
        await browser.post(link, { _csrf: csrfTokenIn(confirm.body) });
        assert.match(lines.join('\n'), /"route":"\/verify-registration\/:id"/);
        assertNoSecretIn(lines, [
          link.split('/').pop() ?? '',
          'Sign-up-password-not-logged',
          ...browser.cookies.values(),
        ]);
      } finally {
        await admin.client.patchApplication(admin.applicationId, { application: { verifyRegistration: false } });
        await t.close();
      }
    });

    test('the OAuth callback is logged without its code and state, also when the state is refused', async () => {
      const lines: string[] = [];
      const t = await startTestApp({
        env: { LOG_LEVEL: 'trace', LOGIN_FLOW: 'oauth', SESSION_MODE: 'tokens' },
        logStream: { write: (line) => lines.push(line) },
      });
      try {
        const admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
        const user = await admin.createUser({ password: 'OAuth-password-not-logged' });
        const browser = new Browser(t.url);
        const hosted = await browser.get('/login');
        assert.ok(isHostedLoginPage(hosted));
        const toCallback = await submitHostedForm(
          browser,
          hosted,
          { loginId: user.email, password: user.password },
          { follow: false },
        );
        const callback = new URL(toCallback.headers.get('location') ?? '');
        const signedIn = await browser.get(callback.href);
        assert.match(signedIn.body, /Hello/);

        const other = new Browser(t.url);
        const otherHosted = await other.get('/login');
        const otherCallback = new URL(
          (
            await submitHostedForm(
              other,
              otherHosted,
              { loginId: user.email, password: user.password },
              { follow: false },
            )
          ).headers.get('location') ?? '',
        );
        const expectedState = otherCallback.searchParams.get('state') ?? '';
        otherCallback.searchParams.set('state', 'tampered-state-not-logged');
        assert.equal((await other.get(otherCallback.href)).status, 400);

        assert.match(
          lines.join('\n'),
          /"route":"\/oauth-callback","url":"\/oauth-callback\?code=\[redacted\]&state=\[redacted\]&/,
        );
        assertNoSecretIn(lines, [
          callback.searchParams.get('code') ?? '',
          callback.searchParams.get('state') ?? '',
          otherCallback.searchParams.get('code') ?? '',
          expectedState,
          'tampered-state-not-logged',
          'OAuth-password-not-logged',
          ...browser.cookies.values(),
          ...other.cookies.values(),
        ]);
      } finally {
        await t.close();
      }
    });
  },
);

describe('a FusionAuth fault in the log', { skip: isRealFusionAuth() && 'stops the dev server' }, () => {
  test("with FusionAuth unreachable, a reset link gets a 503; the error logged says why, without the link's id", async () => {
    const lines: string[] = [];
    const t = await startTestApp({ env: { LOG_LEVEL: 'trace' }, logStream: { write: (line) => lines.push(line) } });
    try {
      await t.fusionAuth.close();
      const changePasswordId = 'change-password-id-that-must-not-be-logged';
      const page = await new Browser(t.url).get(`/reset-password/${changePasswordId}`);
      assert.equal(page.status, 503);
      const log = lines.join('\n');
      assert.match(
        log,
        /"level":50.*ECONNREFUSED.*"msg":"request failed"/,
        'the fault is logged as an error, with its cause',
      );
      assertNoSecretIn(lines, [changePasswordId]);
    } finally {
      await t.close();
    }
  });
});

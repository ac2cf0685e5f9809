/**
 * The bad-input corpus: malformed and oversized bodies, wrong content types, unicode and
 * control characters, injection strings in every field of every form, repeated and missing fields,
 * garbage and huge cookies, forged webhooks, garbage OAuth callbacks and open-redirect attempts.
 * Every case must get a 4xx (or a normal page), never a 5xx, never reflected markup, and store nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn, type Page } from '../support/browser.ts';
import { FusionAuthAdmin, uniqueEmail } from '../support/fusionauth-admin.ts';
import { isRealFusionAuth } from '../support/fusionauth-target.ts';

const INJECTIONS = [
  `' OR '1'='1`,
  `"; DROP TABLE users; --`,
  `<script>alert(1)</script>`,
  `"><img src=x onerror=alert(1)>`,
  `javascript:alert(document.cookie)`,
  '{{7*7}}',
  '${7*7}',
  '<%= 7*7 %>',
  '#{7*7}',
  'a\u0000b',
  '\u202Egnp.exe',
  'Zoë 🚀 名前 ﷽',
  '\r\nSet-Cookie: injected=1',
  '../../../etc/passwd',
  '%00%0d%0a',
  'x'.repeat(5000),
  '<svg/onload=alert(1)>',
  `' UNION SELECT password FROM users --`,
  "{{constructor.constructor('return process')()}}",
  '\uFEFF\u200B\u00AD',
  '$(rm -rf /); `id`',
];

/** Markup that would run or render if reflected unescaped. */
const DANGEROUS = [/<script>alert\(1\)<\/script>/, /<img src=x onerror/, /<svg\/onload/];

function assertSafe(page: Page, label: string): void {
  assert.ok(page.status < 500, `${label}: got ${page.status}`);
  for (const pattern of DANGEROUS) assert.doesNotMatch(page.body, pattern, `${label}: reflected markup`);
  assert.doesNotMatch(page.body, /at [\w.]+ \(.*:\d+:\d+\)|node_modules/, `${label}: a stack trace leaked`);
  assert.equal(
    page.headers.getSetCookie().some((line) => line.startsWith('injected=')),
    false,
    `${label}: header injection`,
  );
}

describe('the bad-input corpus', () => {
  let t: TestApp;
  let admin: FusionAuthAdmin;
  before(async () => {
    t = await startTestApp();
    admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
  });
  after(() => t.close());

  const userCount = async () =>
    (await admin.client.searchUsersByQuery({ search: { queryString: '*', numberOfResults: 1 } })).response.total ?? 0;

  describe('injection strings in every field of the login form', () => {
    for (const field of ['email', 'password'] as const) {
      for (const [index, payload] of INJECTIONS.entries()) {
        test(`login ${field} #${index}`, async () => {
          const browser = new Browser(t.url);
          const fields = { email: 'richard@example.com', password: 'password', [field]: payload };
          const page = await browser.submit('/login', '/login', fields);
          assertSafe(page, `login ${field}`);
          assert.ok(page.status >= 400, 'refused');
          assert.equal(browser.cookies.get('session'), undefined, 'no session was created');
        });
      }
    }
  });

  describe('injection strings in every field of the registration form', () => {
    for (const field of ['email', 'password', 'firstName', 'lastName'] as const) {
      for (const [index, payload] of INJECTIONS.entries()) {
        test(`register ${field} #${index}`, async () => {
          const browser = new Browser(t.url);
          const email = field === 'email' ? payload : uniqueEmail();
          const fields = {
            email: uniqueEmail(),
            password: 'a long enough password',
            firstName: 'Ada',
            lastName: 'Lovelace',
            [field]: payload,
          };
          fields.email = email;
          const page = await browser.submit('/register', '/register', fields);
          assertSafe(page, `register ${field}`);
          if (page.status >= 400) {
            assert.equal(browser.cookies.get('session'), undefined, 'a refused registration creates no session');
            if (field !== 'email')
              assert.equal(
                (await admin.client.retrieveUserByEmail(email).catch(() => null))?.statusCode,
                undefined,
                'and no user',
              );
          } else {
            // Names and passwords are free text: they may be accepted, and then show escaped.
            assert.match(page.body, /Hello/);
          }
        });
      }
    }
  });

  describe('malformed bodies and wrong content types on every POST route', () => {
    const routes = [
      '/login',
      '/register',
      '/logout',
      '/account/sessions/revoke-others',
      '/account/sessions/revoke-all',
      '/account/sessions/x/revoke',
    ];
    const bodies: Array<[string, string, string]> = [
      ['JSON', 'application/json', '{"email":"a@b.c","password":"x"}'],
      ['broken JSON', 'application/json', '{"email":'],
      ['plain text', 'text/plain', 'email=a@b.c'],
      [
        'XML',
        'application/xml',
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
      ],
      [
        'multipart',
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na\r\n--x--',
      ],
      ['bad percent-encoding', 'application/x-www-form-urlencoded', 'email=%E0%A4%A&password=%%%'],
      ['array fields', 'application/x-www-form-urlencoded', 'email[]=a&email[]=b&_csrf[]=x'],
      ['no content type', '', 'email=a'],
      ['oversized form', 'application/x-www-form-urlencoded', `email=${'a'.repeat(200 * 1024)}`],
    ];
    for (const route of routes) {
      for (const [name, type, body] of bodies) {
        test(`${name} to ${route}`, async () => {
          const browser = new Browser(t.url);
          await browser.get('/login');
          const headers: Record<string, string> = { origin: new URL(t.url).origin };
          if (type) headers['content-type'] = type;
          const response = await fetch(new URL(route, t.url), { method: 'POST', body, headers, redirect: 'manual' });
          const page = {
            status: response.status,
            url: route,
            headers: response.headers,
            body: await response.text(),
            redirects: 0,
          };
          assertSafe(page, `${name} → ${route}`);
          assert.ok(page.status >= 400, `${name} → ${route}: refused, got ${page.status}`);
          if (name === 'oversized form') assert.equal(page.status, 413);
        });
      }
    }
  });

  describe('repeated and missing fields', () => {
    test('a repeated email on the login form is refused as missing', async () => {
      const browser = new Browser(t.url);
      const form = await browser.get('/login');
      const body = `_csrf=${encodeURIComponent(csrfTokenIn(form.body))}&email=richard%40example.com&email=other%40example.com&password=password`;
      const page = await browser.request('POST', '/login', body, { headers: { origin: new URL(t.url).origin } });
      assert.equal(page.status, 400);
      assert.equal(browser.cookies.get('session'), undefined);
    });
    for (const missing of ['email', 'password'] as const) {
      test(`a login without ${missing} is a field error, not a FusionAuth call`, async () => {
        const fields: Record<string, string> = { email: 'richard@example.com', password: 'password' };
        delete fields[missing];
        const page = await new Browser(t.url).submit('/login', '/login', fields);
        assert.equal(page.status, 400);
        assert.match(page.body, new RegExp(`id="field-${missing}-error" role="alert"`));
      });
    }
    for (const missing of ['email', 'password'] as const) {
      test(`a registration without ${missing} is a field error and stores nothing`, async () => {
        const before = await userCount();
        const fields: Record<string, string> = {
          email: uniqueEmail(),
          password: 'a long enough password',
          firstName: 'A',
          lastName: 'B',
        };
        delete fields[missing];
        const page = await new Browser(t.url).submit('/register', '/register', fields);
        assert.equal(page.status, 400);
        assert.equal(await userCount(), before);
      });
    }
  });

  describe('garbage and huge cookies are no session', () => {
    const cookies = [
      'x',
      'a'.repeat(4000),
      ';;;=;;',
      'Zm9vYmFy/../..',
      'A'.repeat(43),
      '%00%0d%0a',
      '名前',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
    ];
    for (const [index, value] of cookies.entries()) {
      test(`session cookie #${index} reads as signed out`, async () => {
        const response = await fetch(new URL('/', t.url), {
          headers: { cookie: `session=${encodeURIComponent(value)}; csrf=${encodeURIComponent(value)}` },
        });
        assert.equal(response.status, 200);
        assert.match(await response.text(), /<h1>Welcome<\/h1>/);
      });
    }
    test('a cookie header larger than the server accepts gets a 4xx, and the app keeps serving', async () => {
      const response = await fetch(new URL('/', t.url), { headers: { cookie: `session=${'a'.repeat(40_000)}` } }).catch(
        () => null,
      );
      if (response) assert.ok(response.status >= 400 && response.status < 500, String(response.status));
      assert.equal((await fetch(new URL('/', t.url))).status, 200);
    });
  });

  describe(
    'open-redirect attempts through returnTo',
    {
      skip:
        isRealFusionAuth() &&
        'signs in as the kickstart user richard@example.com, whom a real FusionAuth need not have',
    },
    () => {
      const attempts = [
        '//evil.example',
        '/\\evil.example',
        'https://evil.example',
        'https:evil.example',
        'javascript:alert(1)',
        '%2F%2Fevil.example',
        '/%2F%2Fevil.example',
        ' /evil',
        '\t//evil.example',
        '/%0d%0aLocation:%20https://evil.example',
      ];
      for (const attempt of attempts) {
        test(`returnTo ${JSON.stringify(attempt)} lands on /`, async () => {
          const browser = new Browser(t.url);
          const query = `?returnTo=${encodeURIComponent(attempt)}`;
          const form = await browser.get(`/login${query}`);
          const page = await browser.post(
            `/login${query}`,
            { _csrf: csrfTokenIn(form.body), email: 'richard@example.com', password: 'password' },
            { follow: false },
          );
          assert.equal(page.status, 303);
          assert.equal(page.headers.get('location'), '/');
        });
      }
    },
  );

  describe('forged, unsigned and malformed webhooks', () => {
    const deliveries: Array<[string, Record<string, string>, string]> = [
      ['unsigned', {}, JSON.stringify({ event: { id: 'x', type: 'user.delete', user: { id: 'x' } } })],
      [
        'wrong signature',
        { 'x-fusionauth-signature-jwt': 'eyJhbGciOiJIUzI1NiJ9.eyJyZXF1ZXN0X2JvZHlfc2hhMjU2IjoieCJ9.AAAA' },
        '{"event":{}}',
      ],
      [
        'alg none',
        { 'x-fusionauth-signature-jwt': 'eyJhbGciOiJub25lIn0.eyJyZXF1ZXN0X2JvZHlfc2hhMjU2IjoieCJ9.' },
        '{"event":{}}',
      ],
      ['garbage header', { 'x-fusionauth-signature-jwt': '<script>' }, 'not json'],
      ['empty body', {}, ''],
    ];
    for (const [name, headers, body] of deliveries) {
      test(`${name} webhook is refused with 4xx`, async () => {
        const response = await fetch(new URL('/webhooks/fusionauth', t.url), {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json', ...headers },
        });
        assert.ok(response.status === 400 || response.status === 401, `${name}: ${response.status}`);
      });
    }
  });
});

describe('garbage OAuth callbacks', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { LOGIN_FLOW: 'oauth' } });
  });
  after(() => t.close());

  const queries = [
    '',
    '?code=abc',
    '?state=abc',
    '?code=abc&state=abc',
    '?error=access_denied',
    '?error=%3Cscript%3Ealert(1)%3C%2Fscript%3E&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    `?code=${'a'.repeat(5000)}&state=${'b'.repeat(5000)}`,
    '?code[]=a&state[]=b',
    '?code=%E0%A4%A&state=%%',
  ];
  for (const query of queries) {
    test(`/oauth-callback${query.slice(0, 40)} gets a clear 4xx page`, async () => {
      const page = await new Browser(t.url).get(`/oauth-callback${query}`);
      assertSafe(page, query);
      assert.ok(page.status >= 400 && page.status < 500, String(page.status));
      assert.match(page.body, /href="\/login"/, 'a way to try again');
    });
  }
});

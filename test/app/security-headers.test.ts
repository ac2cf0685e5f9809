import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn, setCookieLine } from '../support/browser.ts';
import { makeSelfSignedCertificate } from '../support/self-signed-certificate.ts';
import { isRealFusionAuth } from '../support/fusionauth-target.ts';

function assertSecurityHeaders(headers: Headers): void {
  const csp = headers.get('content-security-policy') ?? '';
  const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
  assert.match(scriptSrc, /'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /object-src 'none'/);
  assert.equal(headers.get('x-content-type-options'), 'nosniff');
  assert.equal(headers.get('referrer-policy'), 'same-origin');
  assert.equal(headers.get('x-powered-by'), null);
}

describe('security headers and cookies over http', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('every kind of response carries the security headers and no X-Powered-By', async () => {
    const browser = new Browser(t.url);
    for (const path of ['/', '/login', '/register', '/static/style.css', '/no-such-page', '/healthz']) {
      assertSecurityHeaders((await browser.get(path)).headers);
    }
    const refused = await browser.post('/login', {}, { follow: false });
    assert.equal(refused.status, 403);
    assertSecurityHeaders(refused.headers);
  });

  test(
    'pages, signed in or not, say Cache-Control: no-store; static assets stay cacheable',
    {
      skip:
        isRealFusionAuth() &&
        'signs in as the kickstart user richard@example.com, whom a real FusionAuth need not have',
    },
    async () => {
      const browser = new Browser(t.url);
      assert.equal((await browser.get('/login')).headers.get('cache-control'), 'no-store');
      await browser.login('richard@example.com', 'password');
      for (const path of ['/', '/account', '/account/sessions']) {
        const page = await browser.get(path);
        assert.equal(page.status, 200, path);
        assert.equal(page.headers.get('cache-control'), 'no-store', path);
      }
      assert.match((await browser.get('/static/style.css')).headers.get('cache-control') ?? '', /max-age=3600/);
    },
  );

  test('no Strict-Transport-Security over plain http, and no __Host- prefix or Secure flag', async () => {
    const browser = new Browser(t.url);
    const page = await browser.get('/login');
    assert.equal(page.headers.get('strict-transport-security'), null);
    const csrf = setCookieLine(page, 'csrf');
    assert.ok(csrf);
    assert.match(csrf, /; HttpOnly/);
    assert.doesNotMatch(csrf, /Secure/);
  });
});

describe('security headers and cookies over https (TLS_CERT_FILE + TLS_KEY_FILE)', () => {
  let t: TestApp;
  before(async () => {
    // This file runs in its own process: trusting the throw-away certificate here affects nothing else.
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    const { certFile, keyFile } = await makeSelfSignedCertificate();
    t = await startTestApp({ env: { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile } });
  });
  after(() => t.close());

  test('the app serves https with HSTS and the security headers', async () => {
    assert.match(t.url, /^https:/);
    const page = await new Browser(t.url).get('/');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('strict-transport-security') ?? '', /max-age=31536000; includeSubDomains/);
    assertSecurityHeaders(page.headers);
  });

  test(
    'the session cookie is __Host-session, Secure, HttpOnly, SameSite=Lax, Path=/',
    {
      skip:
        isRealFusionAuth() &&
        'signs in as the kickstart user richard@example.com, whom a real FusionAuth need not have',
    },
    async () => {
      const browser = new Browser(t.url);
      const form = await browser.get('/login');
      assert.match(setCookieLine(form, '__Host-csrf') ?? '', /; Secure/);
      const response = await browser.post(
        '/login',
        { _csrf: csrfTokenIn(form.body), email: 'richard@example.com', password: 'password' },
        { follow: false },
      );
      assert.equal(response.status, 303);
      const line = setCookieLine(response, '__Host-session') ?? '';
      assert.match(line, /^__Host-session=[A-Za-z0-9_-]{43};/);
      for (const attribute of ['; Secure', '; HttpOnly', '; SameSite=Lax', '; Path=/'])
        assert.ok(line.includes(attribute), attribute);
      assert.doesNotMatch(line, /Domain=/i);
      assert.match((await browser.get('/')).body, /Hello/);
    },
  );
});

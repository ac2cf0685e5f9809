/**
 * The stylesheet and scripts travel compressed (br, else gzip) to a browser that accepts it, and keep
 * their caching and security headers; pages, which carry CSRF tokens, are never compressed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';

const STYLESHEET = readFileSync(join(import.meta.dirname, '..', '..', 'src', 'web', 'static', 'style.css'));

/** A GET as a browser sends it, the body left as it came over the wire (fetch would decompress it). */
function rawGet(url: string, acceptEncoding: string): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('static files', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('the stylesheet comes brotli-compressed to a browser that accepts br, with its caching and CSP headers', async () => {
    const { headers, body } = await rawGet(`${t.url}/static/style.css`, 'gzip, deflate, br');
    assert.equal(headers['content-encoding'], 'br');
    assert.ok(body.length < STYLESHEET.length / 2, `${body.length} bytes for ${STYLESHEET.length}`);
    assert.deepEqual(brotliDecompressSync(body), STYLESHEET);
    assert.match(String(headers['cache-control']), /max-age=3600/);
    assert.match(String(headers['content-security-policy']), /script-src 'self'/);
    assert.match(String(headers['vary']), /accept-encoding/i);
  });

  test('the scripts come gzip-compressed to a browser that accepts only gzip', async () => {
    for (const path of ['/static/passkeys.js', '/static/vendor/simplewebauthn-browser.js']) {
      const { headers, body } = await rawGet(`${t.url}${path}`, 'gzip');
      assert.equal(headers['content-encoding'], 'gzip', path);
      assert.match(gunzipSync(body).toString('utf8'), /\S/, path);
      assert.match(String(headers['content-type']), /javascript/, path);
      assert.match(String(headers['cache-control']), /max-age=3600/, path);
    }
  });

  test('a browser that accepts no compression gets the file as it is', async () => {
    const { headers, body } = await rawGet(`${t.url}/static/style.css`, 'identity');
    assert.equal(headers['content-encoding'], undefined);
    assert.deepEqual(body, STYLESHEET);
  });

  test('pages are never compressed: they carry CSRF tokens beside reflected input (BREACH)', async () => {
    for (const path of ['/', '/login', '/register']) {
      const { headers } = await rawGet(`${t.url}${path}`, 'gzip, deflate, br');
      assert.equal(headers['content-encoding'], undefined, path);
    }
  });
});

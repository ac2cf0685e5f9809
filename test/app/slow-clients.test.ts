import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { makeSelfSignedCertificate } from '../support/self-signed-certificate.ts';

const TIMEOUT_SECONDS = 2;
/** Node checks request deadlines every second; the rest is a slow machine's allowance. */
const ALLOWANCE_MS = 2500;
const TRICKLE_EVERY_MS = 200;

interface Trickled {
  /** From the first byte to the connection's end, ms. */
  openMs: number;
  /** What the server answered before closing, if anything. */
  answer: string;
}

/**
 * Sends `head` at once, then `trickle` one byte every 200 ms (never silent long enough for an idle
 * timeout), and measures how long the server keeps the connection; gives up after `giveUpMs`.
 */
function trickle(socket: Socket, head: string, trickle: string, giveUpMs: number): Promise<Trickled> {
  return new Promise((resolve) => {
    const started = Date.now();
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (!socket.writable) return;
      socket.write(trickle[sent % trickle.length] ?? 'x');
      sent++;
    }, TRICKLE_EVERY_MS);
    const giveUp = setTimeout(() => socket.destroy(), giveUpMs);
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ openMs: Date.now() - started, answer });
    });
    socket.write(head);
  });
}

const BODY_HEAD =
  'POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n';
const HEADER_HEAD = 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ';

/**
 * Slow clients are bounded (REQUEST_TIMEOUT_SECONDS): a request whose body or headers trickle in is answered
 * 408 and its connection closed once the whole request has not arrived within the timeout, over plain http
 * and over the app's own TLS, so a few hundred such clients cannot hold the server's connections.
 */
for (const scheme of ['http', 'https'] as const)
  describe(`slow clients over ${scheme}`, () => {
    let t: TestApp;
    let open: () => Socket;
    before(async () => {
      const tls = scheme === 'https' ? await makeSelfSignedCertificate() : undefined;
      t = await startTestApp({
        env: {
          REQUEST_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
          ...(tls ? { TLS_CERT_FILE: tls.certFile, TLS_KEY_FILE: tls.keyFile } : {}),
        },
      });
      const port = Number(new URL(t.url).port);
      open = () =>
        scheme === 'https'
          ? connectTls({ host: '127.0.0.1', port, rejectUnauthorized: false })
          : connectTcp({ host: '127.0.0.1', port });
    });
    after(() => t.close());

    for (const [what, head] of [
      ['body', BODY_HEAD],
      ['header', HEADER_HEAD],
    ] as const)
      test(`a trickling ${what} is closed within REQUEST_TIMEOUT_SECONDS`, async () => {
        const limitMs = TIMEOUT_SECONDS * 1000 + ALLOWANCE_MS;
        const { openMs, answer } = await trickle(open(), head, 'abcdefgh', limitMs + 5000);
        assert.ok(openMs <= limitMs, `closed after ${openMs} ms (limit ${limitMs} ms)`);
        assert.ok(openMs >= TIMEOUT_SECONDS * 1000 - 300, `not before the timeout (${openMs} ms)`);
        if (answer !== '') assert.match(answer, /^HTTP\/1\.1 408 /);
      });

    test('a request that arrives whole in time is served as usual', async () => {
      const socket = open();
      const answer = await new Promise<string>((resolve) => {
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
        socket.on('close', () => resolve(text));
        socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      });
      assert.match(answer, /^HTTP\/1\.1 200 /);
    });
  });

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/**
 * @simplewebauthn/browser's browser bundle, served from the installed package (no CDN, so `script-src 'self'`
 * holds and the version is the lockfile's). Its UMD build defines `window.SimpleWebAuthnBrowser`.
 */
const BUNDLE_DIR = join(
  dirname(createRequire(import.meta.url).resolve('@simplewebauthn/browser')),
  '..',
  'dist',
  'bundle',
);

/** GET /static/vendor/simplewebauthn-browser.js (through @fastify/static's sendFile). */
export async function vendorScriptRoutes(app: FastifyInstance): Promise<void> {
  app.get('/static/vendor/simplewebauthn-browser.js', async (_request, reply) =>
    reply.sendFile('index.umd.min.js', BUNDLE_DIR, { maxAge: '1h' }),
  );
}

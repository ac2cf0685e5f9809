/**
 * The session floor: the least any page behind a server-side session does, however it is written. A
 * bare Fastify route that reads the session cookie, finds the session by the token's SHA-256 in a Map,
 * makes a freshly salted CSRF token for the page's logout form and sends the captured page with it
 * (the same bytes and headers as the page ceiling). No store interface, metrics, logger, revocation,
 * idle touch or user check. SESSION_TOKEN is the one session's cookie value; GET /healthz says it is up.
 */
import { hash, randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import Tokens from '@fastify/csrf';
import { readCapturedPage } from './captured-page.ts';

const page = await readCapturedPage();
const token = process.env.SESSION_TOKEN;
if (!token) throw new Error('SESSION_TOKEN is not set');
const sessions = new Map([[hash('sha256', token, 'hex'), { csrfSecret: randomBytes(18).toString('base64url') }]]);
const csrfTokens = Tokens();
// The captured page carries the token it was sent with; each response gets a fresh one in its place.
const capturedToken = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
if (!capturedToken) throw new Error('the captured page has no CSRF token');
const tokenSlots = page.body.split(capturedToken);

const app = Fastify();
await app.register(fastifyCookie);
app.get('/', async (request, reply) => {
  const value = request.cookies.session;
  const session = value === undefined ? undefined : sessions.get(hash('sha256', value, 'hex'));
  if (!session) return reply.code(401).send();
  return reply
    .code(page.status)
    .headers(page.headers)
    .send(tokenSlots.join(csrfTokens.create(session.csrfSecret)));
});
app.get('/healthz', () => 'ok');
await app.listen({ port: Number(process.env.PORT ?? 8102), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));

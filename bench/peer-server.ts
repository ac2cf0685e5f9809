/**
 * The peer: what a Fastify user would write instead of this app. @fastify/cookie, @fastify/helmet and
 * @fastify/session (its defaults: a store write and a Set-Cookie on every request), with connect-redis
 * when PEER_REDIS_URL is set and the plugin's memory store otherwise, serving the app's captured page to a
 * signed-in session. POST /sign-in signs the caller in; GET /healthz says it is up.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifySession from '@fastify/session';
import { RedisStore } from 'connect-redis';
import { Redis } from 'ioredis';
import { readCapturedPage } from './captured-page.ts';

declare module 'fastify' {
  interface Session {
    userId?: string;
  }
}

const FOURTEEN_DAYS_MS = 14 * 86_400_000;

const page = await readCapturedPage();
// Not REDIS_URL: the bench's own environment may carry one, and the memory-store peer must not inherit it.
const redisUrl = process.env.PEER_REDIS_URL;
const redis = redisUrl ? new Redis(redisUrl) : undefined;
const app = Fastify();
await app.register(fastifyCookie);
await app.register(fastifyHelmet, {
  // The app's policy, so both send the same headers.
  contentSecurityPolicy: {
    useDefaults: false,
    directives: cspDirectives(page.headers['content-security-policy'] ?? ''),
  },
  strictTransportSecurity: false,
  referrerPolicy: { policy: 'same-origin' },
  crossOriginEmbedderPolicy: false,
});
await app.register(fastifySession, {
  secret: randomBytes(32).toString('hex'),
  cookie: { secure: false, maxAge: FOURTEEN_DAYS_MS },
  saveUninitialized: false,
  ...(redis
    ? { store: new RedisStore({ client: redis, prefix: process.env.PEER_REDIS_PREFIX ?? 'bench-peer:' }) }
    : {}),
});

app.get('/healthz', async () => 'ok');
app.post('/sign-in', async (request) => {
  request.session.userId = randomUUID();
  return 'signed in';
});
app.get('/', async (request, reply) => {
  if (!request.session.userId) return reply.redirect('/login');
  return reply
    .header('cache-control', page.headers['cache-control'] ?? 'no-store')
    .type(page.headers['content-type'] ?? 'text/html')
    .send(page.body);
});

await app.listen({ port: Number(process.env.PORT ?? 8102), host: '127.0.0.1' });
process.on(
  'SIGTERM',
  () =>
    void app.close().then(() => {
      redis?.disconnect();
      process.exit(0);
    }),
);

/** "default-src 'self';img-src 'self' data:" as helmet's directives object. */
function cspDirectives(policy: string): Record<string, string[]> {
  const directives: Record<string, string[]> = {};
  for (const directive of policy.split(';')) {
    const [name, ...values] = directive.trim().split(/\s+/);
    if (name) directives[name] = values;
  }
  return directives;
}

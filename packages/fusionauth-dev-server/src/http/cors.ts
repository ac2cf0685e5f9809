/**
 * FusionAuth's CORS filter (https://fusionauth.io/docs/operate/secure-and-monitor/cors), driven by the system
 * configuration's `corsConfiguration`: off by default, when CORS requests get no Access-Control-* headers (and a
 * preflight a 403), so the browser denies them; on, a request from an allowed origin gets
 * `Access-Control-Allow-Origin` (and credentials, exposed headers), a preflight for an allowed method and headers
 * gets the allowed methods, headers and max age, and anything else a 403. Same-origin requests, and the paths
 * FusionAuth keeps same-origin (`/account`, `/admin`, …), pass untouched. The rules a request is judged by follow
 * the CORS standard (https://fetch.spec.whatwg.org/#http-cors-protocol).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { corsSettings, type CorsSettings } from '../domain/system-configuration.ts';
import { sendEmpty } from './errors.ts';

const EXCLUDED_PREFIXES = ['/account', '/admin', '/ajax', '/support'];

/** The origin of a cross-origin request, or undefined for a same-origin one or one that is not CORS at all. */
function crossOrigin(request: FastifyRequest): string | undefined {
  const origin = request.headers.origin;
  // A page navigation (a form post, a redirect) is not a CORS request, whatever its Origin header says.
  if (!origin || origin === 'null' || request.headers['sec-fetch-mode'] === 'navigate') return undefined;
  const path = request.url.split('?')[0] ?? '';
  if (EXCLUDED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return undefined;
  return origin === `${request.protocol}://${request.headers.host ?? ''}` ? undefined : origin;
}

function originAllowed(settings: CorsSettings, origin: string): boolean {
  return settings.allowedOrigins.includes('*') || settings.allowedOrigins.includes(origin);
}

function allowOrigin(reply: FastifyReply, settings: CorsSettings, origin: string): void {
  const wildcard = settings.allowedOrigins.includes('*') && !settings.allowCredentials;
  reply.header('access-control-allow-origin', wildcard ? '*' : origin).header('vary', 'Origin');
  if (settings.allowCredentials) reply.header('access-control-allow-credentials', 'true');
}

function answerPreflight(request: FastifyRequest, reply: FastifyReply, settings: CorsSettings, origin: string) {
  const method = String(request.headers['access-control-request-method']).toUpperCase();
  const allowedHeaders = settings.allowedHeaders.map((header) => header.toLowerCase());
  const requested = String(request.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((header) => header.trim().toLowerCase())
    .filter((header) => header !== '');
  const allowed =
    settings.enabled &&
    originAllowed(settings, origin) &&
    settings.allowedMethods.includes(method) &&
    requested.every((header) => allowedHeaders.includes(header));
  if (!allowed) return sendEmpty(reply, 403);
  allowOrigin(reply, settings, origin);
  return reply
    .header('access-control-allow-methods', settings.allowedMethods.join(','))
    .header('access-control-allow-headers', settings.allowedHeaders.join(','))
    .header('access-control-max-age', String(settings.preflightMaxAgeInSeconds))
    .code(200)
    .send();
}

/** Registers the CORS filter in front of every route, the unsupported-endpoint answer included. */
export function registerCors(app: FastifyInstance, context: DevServerContext): void {
  app.addHook('onRequest', async (request, reply) => {
    const origin = crossOrigin(request);
    if (!origin) return;
    const settings = corsSettings(context);
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      return answerPreflight(request, reply, settings, origin);
    }
    if (!settings.enabled) return;
    if (!originAllowed(settings, origin) || !settings.allowedMethods.includes(request.method)) {
      return sendEmpty(reply, 403);
    }
    allowOrigin(reply, settings, origin);
    if (settings.exposedHeaders.length > 0) {
      reply.header('access-control-expose-headers', settings.exposedHeaders.join(','));
    }
  });
}

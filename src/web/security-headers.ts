import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/** The security header names and values every response carries, fixed for the app's lifetime. */
export type SecurityHeaders = Readonly<Record<string, string>>;

/**
 * Security headers on every response, by helmet: a CSP that allows no inline or eval script, no
 * framing, nosniff, a strict referrer policy, and HSTS when served over https. None depends on the
 * request, so helmet runs once, at start-up, and each response gets the same header set in one call
 * (helmet's middleware rebuilds the CSP string and sets each header on every request).
 */
export function registerSecurityHeaders(
  app: FastifyInstance,
  options: { secure: boolean; fusionAuthUrl: string },
): void {
  const headers = securityHeaders(options);
  app.addHook(
    'onRequest',
    function addSecurityHeaders(_request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
      reply.headers(headers);
      done();
    },
  );
}

/** The headers helmet sets for these options, read off a response nobody is sent. */
function securityHeaders(options: { secure: boolean; fusionAuthUrl: string }): SecurityHeaders {
  const applyHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // Form posts may end in a redirect to FusionAuth's hosted pages (OAuth login and logout).
        formAction: ["'self'", new URL(options.fusionAuthUrl).origin],
        frameAncestors: ["'none'"],
        ...(options.secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: options.secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  let failure: unknown = null;
  // helmet's middleware is synchronous: by the time it returns, every header is set (or it failed).
  applyHeaders(response.req, response, (error?: unknown) => {
    failure = error ?? null;
  });
  if (failure !== null)
    throw failure instanceof Error ? failure : new Error('helmet refused its settings', { cause: failure });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.getHeaders())) headers[name] = String(value);
  return Object.freeze(headers);
}

import helmet from 'helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every response, by helmet: a CSP that allows no inline or eval script, no
 * framing, nosniff, a strict referrer policy, and HSTS when served over https. The middleware is
 * built once and applied in an onRequest hook (the @fastify/helmet wrapper rebuilds it per request).
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { secure: boolean; fusionAuthUrl: string }): void {
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
  app.addHook('onRequest', (request, reply, done) => {
    applyHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
}

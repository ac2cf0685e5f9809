/**
 * What Fastify's request log lines say about a request. The full URL is never logged: emailed links
 * carry secrets in their path (`/reset-password/{changePasswordId}` lets whoever reads it set the
 * password) and the OAuth callback carries `code` and `state` in its query. A line holds the route
 * pattern and the URL with every route parameter and every query value replaced.
 */
import type { FastifyRequest } from 'fastify';

const HIDDEN = '[redacted]';

/** Path segments of an unmatched URL this long could be ids or tokens typed into the wrong path. */
const LONG_SEGMENT = 16;

/** The `req` serializer for Fastify's logger. */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    route: request.routeOptions.url,
    url: redactedUrl(request),
    remoteAddress: request.ip,
  };
}

/** The request's URL with route parameters and query values replaced, e.g. `/reset-password/[redacted]`. */
function redactedUrl(request: FastifyRequest): string {
  const separator = request.url.indexOf('?');
  const rawPath = separator === -1 ? request.url : request.url.slice(0, separator);
  const pattern = request.routeOptions.url;
  const path =
    pattern === undefined
      ? rawPath
          .split('/')
          .map((segment) => (segment.length >= LONG_SEGMENT ? HIDDEN : segment))
          .join('/')
      : pattern.replace(/:[^/]+|\*/g, HIDDEN);
  if (separator === -1) return path;
  const keys = new Set(new URLSearchParams(request.url.slice(separator + 1)).keys());
  return `${path}?${[...keys].map((key) => `${encodeURIComponent(key)}=${HIDDEN}`).join('&')}`;
}

/**
 * The hosted pages' shell and look: the app's stylesheet and favicon (src/web/static/, read from disk
 * at start-up, never imported) served at /oauth2/style.css and /oauth2/favicon.svg, a strict CSP with
 * no script at all, and labelled fields whose errors sit next to them with role=alert.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { html, type Html } from '../../src/web/html.ts';

export const STYLESHEET_PATH = '/oauth2/style.css';
export const FAVICON_PATH = '/oauth2/favicon.svg';

const FALLBACK_CSS = 'body{font-family:system-ui,sans-serif;margin:2rem}.field-error,.form-error{color:#b42318}';

const FALLBACK_FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#2f5bea"/></svg>';

function readAppAsset(name: string, fallback: string): string {
  try {
    return readFileSync(new URL(`../../src/web/static/${name}`, import.meta.url), 'utf8');
  } catch {
    return fallback;
  }
}

/** Registers the stylesheet and favicon routes; both are read once, here. */
export function registerHostedPageAssets(app: FastifyInstance): void {
  const css = readAppAsset('style.css', FALLBACK_CSS);
  const favicon = readAppAsset('favicon.svg', FALLBACK_FAVICON);
  app.get(STYLESHEET_PATH, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css));
  app.get(FAVICON_PATH, async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=3600').send(favicon));
}

export interface FieldOptions {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  value?: string;
  error?: string;
  autocomplete?: string;
}

/** A labelled input with its error tied by aria-describedby; password values are never echoed. */
export function field(options: FieldOptions): Html {
  const id = `field-${options.name.replace(/[^A-Za-z0-9-]/g, '-')}`;
  const errorId = `${id}-error`;
  const value = options.type === 'password' ? '' : options.value ?? '';
  return html`<div class="field${options.error ? ' has-error' : ''}">
  <label for="${id}">${options.label}</label>
  <input id="${id}" name="${options.name}" type="${options.type ?? 'text'}" value="${value}"
    ${options.autocomplete ? html`autocomplete="${options.autocomplete}"` : ''}
    ${options.error ? html`aria-invalid="true" aria-describedby="${errorId}"` : ''}>
  ${options.error ? html`<p class="field-error" id="${errorId}" role="alert">${options.error}</p>` : ''}
</div>`;
}

/** Hidden inputs that carry the authorization request from the page to its POST. */
export function hiddenFields(values: Record<string, string | undefined>): Html {
  return html`${Object.entries(values)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}`;
}

/** The page shell, in the app's look. */
export function hostedPage(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Acme Account</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml">
</head>
<body>
<header class="site-header"><span class="brand">Acme Account</span></header>
<main id="main">
${body}
</main>
</body>
</html>
`.value;
}

/**
 * Sends a hosted page. The CSP allows no script; `form-action` includes the client's origin because
 * a login form's POST ends in a redirect to it, which browsers check against form-action.
 */
export function sendHostedPage(reply: FastifyReply, status: number, page: string, redirectOrigin?: string): FastifyReply {
  const formAction = ["'self'", redirectOrigin].filter(Boolean).join(' ');
  return reply
    .code(status)
    .header('content-security-policy', `default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'; form-action ${formAction}`)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(page);
}

/** A page for a request that cannot go back to the client (unknown client, unregistered redirect URI). */
export function errorPage(title: string, text: string): string {
  return hostedPage(title, html`<section class="card narrow">
  <h1>${title}</h1>
  <p role="alert">${text}</p>
</section>`);
}

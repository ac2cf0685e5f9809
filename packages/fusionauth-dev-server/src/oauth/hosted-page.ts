/**
 * The hosted pages' shell, built on the DOM landmarks of FusionAuth's default theme so tests written
 * against FusionAuth's pages pass here unchanged: the `Login | FusionAuth` title, a `.panel` with an
 * `h2` heading, `.alert.error` / `.alert.info` boxes above it, fields in `.form-row` with their error
 * in a `span.error` right after the input, and `button.blue.button` with a Font Awesome icon
 * (https://fusionauth.io/docs/customize/look-and-feel/). The look is our own stylesheet; the theme's
 * stylesheet, when the tenant or application has one, is inlined after it as FusionAuth does. No
 * script at all, under a strict CSP.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Html, html } from '../http/html.ts';
import { DEFAULT_THEME_TEXT, type ThemeText } from './theme-text.ts';

export const STYLESHEET_PATH = '/oauth2/style.css';
export const FAVICON_PATH = '/oauth2/favicon.svg';

/** FusionAuth's default page title, which most of its hosted pages keep. */
export const DEFAULT_TITLE = 'Login | FusionAuth';

/** Registers the stylesheet and favicon routes; both files ship beside this module and are read once, here. */
export function registerHostedPageAssets(app: FastifyInstance): void {
  const css = readFileSync(new URL('./hosted-pages.css', import.meta.url), 'utf8');
  const favicon = readFileSync(new URL('./favicon.svg', import.meta.url), 'utf8');
  app.get(STYLESHEET_PATH, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css),
  );
  app.get(FAVICON_PATH, async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=3600').send(favicon),
  );
}

/** One hosted page: what the shell wraps around its form. */
export interface HostedView {
  /** The document title; FusionAuth's default unless the page sets one. */
  title?: string;
  /** The panel's `h2`. */
  heading: string;
  /** `.alert.error` boxes above the panel (a refused login, an expired step…). */
  errors?: string[];
  /** `.alert.info` boxes above the panel. */
  infos?: string[];
  /** Extra head markup (the logout page's refresh). */
  head?: Html;
  body: Html;
}

/** A view whose words come from the theme's messages (each page passes the default theme's wording as fallback). */
export type ThemedView = HostedView | ((text: ThemeText) => HostedView);

export interface InputOptions {
  id: string;
  name: string;
  type?: 'text' | 'password';
  placeholder: string;
  /** The Font Awesome icon of the input's left addon. */
  icon: string;
  value?: string;
  error?: string;
  autocomplete?: string;
  autofocus?: boolean;
}

/**
 * A `.form-row` with an icon addon and the input; its error, if any, is a `span.error` right after
 * the addon group. The placeholder is also the accessible name; password values are never echoed.
 */
export function input(options: InputOptions): Html {
  const errorId = `${options.id}-error`;
  const value = options.type === 'password' ? '' : (options.value ?? '');
  return html`<div class="form-row">
  <div class="input-addon-group">
    <span class="icon"><i class="fa fa-${options.icon}"></i></span>
    <input id="${options.id}" type="${options.type ?? 'text'}" name="${options.name}" value="${value}" placeholder="${options.placeholder}" aria-label="${options.placeholder}"
      autocapitalize="none" autocorrect="off" spellcheck="false"${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''}${options.autofocus ? html` autofocus` : ''}${options.error ? html` class="error" aria-invalid="true" aria-describedby="${errorId}"` : ''}>
  </div>
  ${options.error ? html`<span class="error" id="${errorId}" role="alert">${options.error}</span>` : ''}
</div>`;
}

/** FusionAuth's submit button: `button.blue.button` with its icon before the text. */
export function button(text: string, icon = 'arrow-right'): Html {
  return html`<button type="submit" class="blue button"><i class="fa fa-${icon}"></i> ${text}</button>`;
}

/** Hidden inputs that carry the authorization request (or a step's id) from a page to its POST. */
export function hiddenFields(values: Record<string, string | undefined>): Html {
  return html`${Object.entries(values)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}`;
}

function alert(kind: 'error' | 'info', message: string): Html {
  const icon = kind === 'error' ? 'exclamation-circle' : 'info-circle';
  return html`<div class="alert ${kind}"${kind === 'error' ? html` role="alert"` : ''}><i class="fa fa-${icon}"></i><p>${message}</p></div>`;
}

/** The page shell around a view, with the theme's stylesheet (if any) inlined last. */
export function renderHostedPage(view: HostedView, themeStylesheet?: string): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<title>${view.title ?? DEFAULT_TITLE}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta charset="utf-8">
<meta name="application-name" content="FusionAuth">
<meta name="referrer" content="strict-origin">
<link rel="stylesheet" href="${STYLESHEET_PATH}">
<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml">
${themeStylesheet ? html`<style>${inlineCss(themeStylesheet)}</style>` : ''}
${view.head ?? ''}
</head>
<body class="app-sidebar-closed">
<main class="page-body container">
${(view.errors ?? []).map((message) => alert('error', message))}
${(view.infos ?? []).map((message) => alert('info', message))}
<div class="panel">
<h2>${view.heading}</h2>
${view.body}
</div>
</main>
</body>
</html>
`.value;
}

/** CSS goes into a style element raw; a `</style` in it would end the element, so it is cut there. */
function inlineCss(css: string): Html {
  const end = css.search(/<\/style/i);
  return new Html(end === -1 ? css : css.slice(0, end));
}

export interface SendOptions {
  status?: number;
  /** The client's origins: a login form's POST ends in a redirect to one, which browsers check against form-action. */
  redirectOrigins?: string[];
  themeStylesheet?: string;
  /** The theme's messages, for a {@link ThemedView}; the default theme's wording without. */
  messages?: ThemeText;
  /** Origins the page may frame (the logout page's front-channel logout iframes). */
  frameOrigins?: string[];
}

/** Sends a hosted page with a CSP that allows no script (and the inlined theme stylesheet by its hash). */
export function sendHostedPage(reply: FastifyReply, view: ThemedView, options: SendOptions = {}): FastifyReply {
  const formAction = ["'self'", ...new Set(options.redirectOrigins)].join(' ');
  const stylesheet = options.themeStylesheet;
  const page = renderHostedPage(
    typeof view === 'function' ? view(options.messages ?? DEFAULT_THEME_TEXT) : view,
    stylesheet,
  );
  const inlineStyle = stylesheet ? /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] : undefined;
  const styleSources = [
    "'self'",
    inlineStyle !== undefined ? `'sha256-${createHash('sha256').update(inlineStyle).digest('base64')}'` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const frameSources = options.frameOrigins?.length
    ? `; frame-src ${[...new Set(options.frameOrigins)].join(' ')}`
    : '';
  return reply
    .code(options.status ?? 200)
    .header(
      'content-security-policy',
      `default-src 'none'; style-src ${styleSources}; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'; form-action ${formAction}${frameSources}`,
    )
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(page);
}

/** A page for a request that cannot go back to the client (unknown client, unregistered redirect URI). */
export function errorView(heading: string, text: string): HostedView {
  return { heading, errors: [text], body: html`` };
}

/** A link that keeps the authorization request's query. */
export function link(href: string, text: string): Html {
  return html`<a href="${href}">${text}</a>`;
}

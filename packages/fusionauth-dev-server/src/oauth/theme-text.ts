/**
 * A theme's messages on the hosted pages: `defaultMessages` (a Java properties text) and, for the
 * browser's language, `localizedMessages[locale]` over it, keyed as FusionAuth's theme messages are
 * (https://fusionauth.io/docs/customize/look-and-feel/localization). A key the theme does not set
 * keeps the default theme's wording, which each page passes as the fallback.
 */
import type { Json, StoredTheme } from '../state/model.ts';

/** The text for a message key, or `fallback` (the default theme's wording) when the theme has none. */
export type ThemeText = (key: string, fallback: string) => string;

/** FusionAuth's default theme: every key keeps the page's own wording. */
export const DEFAULT_THEME_TEXT: ThemeText = (_key, fallback) => fallback;

/**
 * Parses a properties text: `key=value` (or `key: value`) lines, `#` and `!` comments, `\uXXXX`
 * escapes and lines continued with a trailing backslash (https://docs.oracle.com/javase/8/docs/api/java/util/Properties.html#load-java.io.Reader-).
 */
export function parseMessages(properties: string): Map<string, string> {
  const messages = new Map<string, string>();
  const lines = properties.split(/\r\n|\r|\n/);
  for (let index = 0; index < lines.length; index++) {
    let line = (lines[index] ?? '').trimStart();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && index + 1 < lines.length) {
      line = line.slice(0, -1) + (lines[++index] ?? '').trimStart();
    }
    const separator = /(?<!\\)[=:]/.exec(line);
    const key = unescape((separator ? line.slice(0, separator.index) : line).trim());
    const value = separator ? unescape(line.slice(separator.index + 1).trimStart()) : '';
    if (key !== '') messages.set(key, value);
  }
  return messages;
}

function unescape(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_match, escaped: string) => {
    if (escaped.length === 5) return String.fromCharCode(parseInt(escaped.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[escaped] ?? escaped;
  });
}

/** The languages of an Accept-Language header, most preferred first, each also as its primary tag ("de-AT", "de"). */
function preferredLocales(acceptLanguage: string | undefined): string[] {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(/q=([\d.]+)/.exec(params.join(';'))?.[1] ?? '1');
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter(({ tag, q }) => tag !== '' && tag !== '*' && q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.flatMap(({ tag }) => [tag.replace('-', '_'), tag.split('-')[0] ?? tag]);
}

/** The theme's text for a browser that sent `acceptLanguage`; without a theme, the default theme's. */
export function themeTextFor(theme: StoredTheme | undefined, acceptLanguage: string | undefined): ThemeText {
  if (!theme) return DEFAULT_THEME_TEXT;
  const messages = parseMessages(textOf(theme.config.defaultMessages));
  const localized = theme.config.localizedMessages;
  if (localized && typeof localized === 'object' && !Array.isArray(localized)) {
    const locale = preferredLocales(acceptLanguage).find((candidate) => typeof localized[candidate] === 'string');
    if (locale) for (const [key, value] of parseMessages(textOf(localized[locale]))) messages.set(key, value);
  }
  if (messages.size === 0) return DEFAULT_THEME_TEXT;
  return (key, fallback) => messages.get(key) ?? fallback;
}

function textOf(value: Json | undefined): string {
  return typeof value === 'string' ? value : '';
}

/**
 * A tagged template for HTML that escapes every interpolated value unless it is already markup built
 * by this same template. Views are plain functions returning `Html`; nothing user-supplied can ever
 * reach a page unescaped. A dependency-free utility.
 */
export class Html {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

type Interpolation = Html | string | number | boolean | null | undefined | readonly Interpolation[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};
const SPECIAL = /[&<>"'`]/;
const SPECIALS = /[&<>"'`]/g;

/** Escapes text for use in element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  // Most values (ids, dates, names) have nothing to escape, and a test costs less than a replace.
  return SPECIAL.test(text) ? text.replace(SPECIALS, (char) => ESCAPES[char] ?? char) : text;
}

function render(value: Interpolation): string {
  if (typeof value === 'string') return escapeHtml(value);
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0] ?? '';
  for (let index = 0; index < values.length; index++) out += render(values[index]) + (strings[index + 1] ?? '');
  return new Html(out);
}

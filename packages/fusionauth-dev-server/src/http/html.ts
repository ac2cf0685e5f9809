/**
 * The escaping template tag of the hosted pages and the mailbox. The dev server is a program of its own
 * (a package that any app may use in its tests), so it keeps its own small tag rather than borrowing the
 * app's: every interpolated value is escaped unless it is already markup built by this tag.
 */

/** Markup built by `html`, which a later interpolation inserts as it is. */
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

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

function escaped(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => ENTITIES[char] ?? char);
}

function rendered(value: Interpolation): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(rendered).join('');
  if (value === null || value === undefined || value === false) return '';
  return escaped(String(value));
}

/** Builds markup from a template literal, escaping what is interpolated (lists are joined, `false` and nullish drop out). */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  return new Html(
    strings.reduce((out, text, index) => out + (index > 0 ? rendered(values[index - 1]) : '') + text, ''),
  );
}

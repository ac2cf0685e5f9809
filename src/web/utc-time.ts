import { html, type Html } from './html.ts';

const two = (value: number): string => (value < 10 ? `0${value}` : String(value));

/**
 * An instant as people read it, to the minute in UTC, inside a machine-readable `<time>`. Built from
 * the UTC getters: Date#toISOString costs over a microsecond on Node 20, and a profile page shows four.
 */
export function utcTime(epochMs: number): Html {
  const date = new Date(epochMs);
  const day = `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
  const minute = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}`;
  return html`<time datetime="${day}T${minute}Z">${day} ${minute} UTC</time>`;
}

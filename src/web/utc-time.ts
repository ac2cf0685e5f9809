import { html, type Html } from './html.ts';

const two = (value: number): string => (value < 10 ? `0${value}` : String(value));
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The instant to the minute in UTC, as the datetime attribute and as people read it. */
function utcParts(epochMs: number): { datetime: string; text: string } {
  const date = new Date(epochMs);
  const day = `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
  const minute = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}`;
  return { datetime: `${day}T${minute}Z`, text: `${day} ${minute} UTC` };
}

/**
 * An instant as people read it, to the minute in UTC, inside a machine-readable `<time>` that never
 * wraps. Built from the UTC getters: Date#toISOString costs over a microsecond on Node 20, and a
 * profile page shows four.
 */
export function utcTime(epochMs: number): Html {
  const { datetime, text } = utcParts(epochMs);
  return html`<time datetime="${datetime}" class="when">${text}</time>`;
}

/**
 * An instant relative to `now` ("just now", "5 minutes ago", "3 days ago"; the date past a month),
 * which reads the same in every time zone, with the exact UTC time in its title; never wraps.
 */
export function relativeTime(epochMs: number, now: number): Html {
  const { datetime, text } = utcParts(epochMs);
  return html`<time datetime="${datetime}" title="${text}" class="when">${ago(now - epochMs, text)}</time>`;
}

function ago(elapsedMs: number, exact: string): string {
  const count = (unit: number, name: string) => {
    const n = Math.floor(elapsedMs / unit);
    return `${n} ${name}${n === 1 ? '' : 's'} ago`;
  };
  if (elapsedMs < MINUTE) return 'just now';
  if (elapsedMs < HOUR) return count(MINUTE, 'minute');
  if (elapsedMs < DAY) return count(HOUR, 'hour');
  if (elapsedMs < 30 * DAY) return count(DAY, 'day');
  return exact.slice(0, 10);
}

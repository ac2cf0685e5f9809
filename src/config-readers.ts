/** Typed readers of environment variables; each failure names the variable and says what is allowed. */
import { configError } from './errors.ts';

export type Env = Record<string, string | undefined>;
export type Read = (name: string) => string | undefined;

/** A reader that trims values and treats empty ones as unset. */
export function readerOf(env: Env): Read {
  return (name) => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
}

export function readInteger(read: Read, name: string, fallback: number, min: number, max: number): number {
  const raw = read(name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw configError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

export function readChoice<T extends string>(read: Read, name: string, allowed: readonly T[], fallback: T): T {
  const raw = read(name);
  if (raw === undefined) return fallback;
  const value = raw.toLowerCase() as T;
  if (!allowed.includes(value)) {
    throw configError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return value;
}

export function readUrl(read: Read, name: string, fallback: string): string {
  const raw = read(name) ?? fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError(name, `must be an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw configError(name, `must be an http or https URL, got "${raw}"`);
  }
  return url.href.replace(/\/+$/, '');
}

export function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') deepFreeze(child as object);
  }
  return Object.freeze(value);
}

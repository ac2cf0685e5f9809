const PLACEHOLDER_ORIGIN = 'http://return-to.invalid';

/**
 * The path to go back to after sign-in: only a same-site relative path, anything else gives "/".
 * Refuses protocol-relative (`//evil`, `/\evil`), absolute and scheme-only (`https:evil`,
 * `javascript:`) forms, control characters and whitespace, and their percent-encoded variants.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return '/';
  if (!isPlainPath(value)) return '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return '/';
  }
  // eslint-disable-next-line no-control-regex
  if (/^\/[/\\]/.test(decoded) || /[\u0000-\u001f\u007f]/.test(decoded)) return '/';
  const url = new URL(value, PLACEHOLDER_ORIGIN);
  if (url.origin !== PLACEHOLDER_ORIGIN) return '/';
  const path = url.pathname + url.search + url.hash;
  // Going "back" to the login or registration page after signing in would be a loop.
  return /^\/(login|register|logout)(\/|\?|$)/.test(path) ? '/' : path;
}

function isPlainPath(path: string): boolean {
  // eslint-disable-next-line no-control-regex
  return path.startsWith('/') && !/^\/[/\\]/.test(path) && !/[\\\s\u0000-\u001f\u007f]/.test(path);
}

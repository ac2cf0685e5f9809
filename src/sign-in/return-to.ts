const PLACEHOLDER_ORIGIN = 'http://return-to.invalid';

/**
 * The path to go back to after sign-in: only a same-origin path, anything else gives "/".
 *
 * The decision is made on the final value, the one that goes into `Location`: the input is parsed
 * against a placeholder origin (which removes dot segments, tabs and newlines the way a browser
 * does), and the normalised path must still be on that origin and start with exactly one `/`,
 * also once percent-decoded, with no backslash or control character. Checking the raw input alone
 * is not enough: `/..//evil.example` normalises to the protocol-relative `//evil.example`.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return '/';
  // Whitespace and backslashes are never part of a path we link to; browsers read `\` as `/`.
  // eslint-disable-next-line no-control-regex
  if (!value.startsWith('/') || /[\\\s\u0000-\u001f\u007f]/.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return '/';
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return '/';
  const path = url.pathname + url.search + url.hash;
  const decodedPath = decodedOrNull(url.pathname);
  if (decodedPath === null || !isSingleSlashPath(path) || !isSingleSlashPath(decodedPath)) return '/';
  // Going "back" to the login or registration page after signing in would be a loop.
  return /^\/(login|register|logout)(\/|$)/.test(decodedPath) ? '/' : path;
}

/** Starts with one `/` not followed by another or by `\`, and holds no backslash or control character. */
function isSingleSlashPath(path: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^\/(?![/\\])/.test(path) && !/[\\\u0000-\u001f\u007f]/.test(path);
}

function decodedOrNull(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

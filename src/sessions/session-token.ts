import { hash, randomBytes } from 'node:crypto';

/** 256 bits from the CSPRNG, base64url: the only thing the session cookie ever holds. */
export function generateSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A public session id: random, unrelated to the token, safe to show and to put in URLs. */
export function generatePublicSessionId(): string {
  return randomBytes(16).toString('base64url');
}

/** The storage key for a token: its SHA-256, so a leaked store does not yield usable cookies. */
export function sessionKeyOf(token: string): string {
  return hash('sha256', token, 'hex');
}

/** Rejects garbage and oversized cookie values before they reach the store. */
export function isWellFormedSessionToken(value: string | undefined): value is string {
  return value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value);
}

/**
 * Password hashing as FusionAuth's default scheme `salted-pbkdf2-hmac-sha256`: a random 32-byte
 * salt (Base64), PBKDF2-HMAC-SHA256 with `factor` iterations, a 256-bit derived key (Base64)
 * (https://fusionauth.io/docs/reference/password-hashes). The default factor is FusionAuth's 24,000.
 */
import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { PasswordHash } from './state/model.ts';

const pbkdf2Async = promisify(pbkdf2);

/** FusionAuth's default work factor for salted-pbkdf2-hmac-sha256. */
export const DEFAULT_PASSWORD_FACTOR = 24_000;

async function derive(password: string, salt: string, factor: number): Promise<Buffer> {
  return pbkdf2Async(password, Buffer.from(salt, 'base64'), factor, 32, 'sha256');
}

/** Hashes a password with a fresh salt. */
export async function hashPassword(password: string, factor: number): Promise<PasswordHash> {
  const salt = randomBytes(32).toString('base64');
  const derived = await derive(password, salt, factor);
  return { encryptionScheme: 'salted-pbkdf2-hmac-sha256', factor, salt, password: derived.toString('base64') };
}

/** Constant-time check of a password against a stored hash. */
export async function verifyPassword(password: string, hash: PasswordHash): Promise<boolean> {
  const derived = await derive(password, hash.salt, hash.factor);
  const expected = Buffer.from(hash.password, 'base64');
  return derived.length === expected.length && timingSafeEqual(derived, expected);
}

/**
 * Spends the same time as a real check, so an unknown login id cannot be told apart from a wrong
 * password by timing (both answer 404 (https://fusionauth.io/docs/apis/login)).
 */
export async function burnPasswordCheck(password: string, factor: number): Promise<false> {
  await derive(password, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', factor);
  return false;
}

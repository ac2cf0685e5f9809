/**
 * Two-factor with an authenticator app: TOTP per RFC 6238 (HMAC-SHA1, 6 digits, 30 s, one step of
 * clock drift either way) through `otpauth`, plus ten single-use recovery codes stored hashed
 * (https://fusionauth.io/docs/apis/two-factor). Using a recovery code to disable removes every method.
 */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { DevServerContext } from '../context.ts';
import type { JsonObject, StoredUser, TwoFactorMethod } from '../state/model.ts';

const RECOVERY_ALPHABET = '23456789BCDFGHJKLMNPQRSTVWXYZ';
const RECOVERY_CODE_COUNT = 10;

/** A fresh 160-bit secret, in both encodings FusionAuth's secret API returns. */
export function generateTwoFactorSecret(): { secret: string; secretBase32Encoded: string } {
  const bytes = randomBytes(20);
  return {
    secret: bytes.toString('base64'),
    secretBase32Encoded: new Secret({ buffer: new Uint8Array(bytes).buffer }).base32,
  };
}

/** The base64 secret from `secret` (base64) or `secretBase32Encoded`; undefined when neither decodes. */
export function readSecret(secret: unknown, secretBase32Encoded: unknown): string | undefined {
  try {
    if (typeof secret === 'string' && secret !== '') {
      const bytes = Buffer.from(secret, 'base64');
      return bytes.length > 0 ? bytes.toString('base64') : undefined;
    }
    if (typeof secretBase32Encoded === 'string' && secretBase32Encoded !== '') {
      return Buffer.from(Secret.fromBase32(secretBase32Encoded.replace(/\s+/g, '').toUpperCase()).buffer).toString(
        'base64',
      );
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Whether `code` is the TOTP of `secret` (base64) at the context's clock, ±1 time step. */
export function isValidTotp(context: DevServerContext, secret: string, code: string): boolean {
  const totp = new TOTP({
    secret: new Secret({ buffer: new Uint8Array(Buffer.from(secret, 'base64')).buffer }),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  });
  return /^\d{6}$/.test(code) && totp.validate({ token: code, timestamp: context.now(), window: 1 }) !== null;
}

function recoveryHash(code: string): string {
  return createHash('sha256').update(code.replace(/[\s-]/g, '').toUpperCase()).digest('hex');
}

function newRecoveryCode(): string {
  const pick = () => Array.from({ length: 5 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return `${pick()}-${pick()}`;
}

/** Whether the user has any two-factor method. */
export function hasTwoFactor(user: StoredUser): boolean {
  return (user.twoFactor?.methods.length ?? 0) > 0;
}

/** Replaces the user's recovery codes with ten new ones and returns them (the only time they are readable). */
export function regenerateRecoveryCodes(context: DevServerContext, user: StoredUser): string[] {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  user.twoFactor = { methods: user.twoFactor?.methods ?? [], recoveryCodeHashes: codes.map(recoveryHash) };
  context.store.changed();
  return codes;
}

/** Adds an authenticator method; the first method also brings recovery codes. */
export function addAuthenticator(
  context: DevServerContext,
  user: StoredUser,
  secret: string,
  name?: string,
): { recoveryCodes?: string[] } {
  const first = !hasTwoFactor(user);
  const method: TwoFactorMethod = {
    id: randomUUID().slice(0, 4).toUpperCase(),
    method: 'authenticator',
    secret,
    ...(name ? { name } : {}),
  };
  user.twoFactor = {
    methods: [...(user.twoFactor?.methods ?? []), method],
    recoveryCodeHashes: user.twoFactor?.recoveryCodeHashes ?? [],
  };
  user.lastUpdateInstant = context.now();
  context.store.changed();
  return first ? { recoveryCodes: regenerateRecoveryCodes(context, user) } : {};
}

/**
 * Checks a code a person typed: a TOTP of one of their methods (of `methodId` only, when given), or
 * one of their recovery codes, which is used up.
 */
export function checkTwoFactorCode(
  context: DevServerContext,
  user: StoredUser,
  code: string,
  methodId?: string,
): { kind: 'method'; method: TwoFactorMethod } | { kind: 'recovery' } | null {
  const trimmed = code.trim();
  const methods = (user.twoFactor?.methods ?? []).filter((method) => !methodId || method.id === methodId);
  const method = methods.find((candidate) => isValidTotp(context, candidate.secret, trimmed));
  if (method) return { kind: 'method', method };
  const hashes = user.twoFactor?.recoveryCodeHashes ?? [];
  const index = hashes.indexOf(recoveryHash(trimmed));
  if (index < 0 || !user.twoFactor) return null;
  user.twoFactor.recoveryCodeHashes = hashes.filter((_, i) => i !== index);
  context.store.changed();
  return { kind: 'recovery' };
}

/** Removes one method, or every method (and the recovery codes) when `all`. */
export function removeTwoFactorMethods(
  context: DevServerContext,
  user: StoredUser,
  methodId: string | undefined,
  all: boolean,
): void {
  const remaining = all ? [] : (user.twoFactor?.methods ?? []).filter((method) => method.id !== methodId);
  user.twoFactor =
    remaining.length > 0
      ? { methods: remaining, recoveryCodeHashes: user.twoFactor?.recoveryCodeHashes ?? [] }
      : undefined;
  user.lastUpdateInstant = context.now();
  context.store.changed();
}

/** The methods as FusionAuth shows them (`user.twoFactor.methods`, the 242 `methods`): never the secret. */
export function twoFactorMethodsView(user: StoredUser): JsonObject[] {
  return (user.twoFactor?.methods ?? []).map((method) => ({
    id: method.id,
    method: method.method,
    authenticator: { algorithm: 'HmacSHA1', codeLength: 6, timeStep: 30 },
    ...(method.name ? { name: method.name } : {}),
  }));
}

/**
 * Key Master keys for signing access tokens (https://fusionauth.io/docs/apis/keys). Keys are generated once and kept
 * in the state, so tokens stay verifiable across restarts. Only public halves are published
 * (GET /.well-known/jwks.json), each with its `kid`, which also goes in every token header.
 */
import { randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, exportSPKI, generateKeyPair, importJWK, type JWK } from 'jose';
import type { JsonObject, SigningKey, State } from '../state/model.ts';

/** Algorithms /api/key/generate accepts here: FusionAuth's RSA, EC and HMAC ones. */
export const SUPPORTED_KEY_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'HS256',
  'HS384',
  'HS512',
] as const;
export type KeyAlgorithm = (typeof SUPPORTED_KEY_ALGORITHMS)[number];
export type HmacAlgorithm = Extract<KeyAlgorithm, `HS${string}`>;

/** Whether an algorithm name is one this server can generate. */
export function isSupportedKeyAlgorithm(algorithm: string): algorithm is KeyAlgorithm {
  return (SUPPORTED_KEY_ALGORITHMS as readonly string[]).includes(algorithm);
}

/** Whether an algorithm is an HMAC one (a shared secret, nothing public). */
export function isHmacAlgorithm(algorithm: string): algorithm is HmacAlgorithm {
  return algorithm === 'HS256' || algorithm === 'HS384' || algorithm === 'HS512';
}

/**
 * An HMAC key from a secret. As in FusionAuth, the key material is the secret's UTF-8 bytes; a
 * generated secret is 32 random bytes (48 for HS384, 64 for HS512), Base64 encoded.
 */
export function hmacSigningKey(id: string, name: string, algorithm: HmacAlgorithm, secret?: string): SigningKey {
  const value = secret ?? randomBytes(Number(algorithm.slice(2)) / 8).toString('base64');
  return {
    id,
    name,
    algorithm,
    type: 'HMAC',
    secret: value,
    kid: randomBytes(16).toString('base64url'),
    publicJwk: {},
    privateJwk: { kty: 'oct', k: Buffer.from(value, 'utf8').toString('base64url') },
    publicKeyPem: '',
    insertInstant: Date.now(),
  };
}

/** Generates a key with a thumbprint `kid`. RSA keys default to 2048 bits, as in FusionAuth. */
export async function generateSigningKey(
  id: string,
  name: string,
  algorithm: KeyAlgorithm,
  length = 2048,
): Promise<SigningKey> {
  if (isHmacAlgorithm(algorithm)) return hmacSigningKey(id, name, algorithm);
  const isRsa = algorithm.startsWith('RS');
  const pair = await generateKeyPair(algorithm, { extractable: true, ...(isRsa ? { modulusLength: length } : {}) });
  const publicJwk = await exportJWK(pair.publicKey);
  const privateJwk = await exportJWK(pair.privateKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    id,
    kid,
    name,
    algorithm,
    type: isRsa ? 'RSA' : 'EC',
    ...(isRsa ? { length } : {}),
    publicJwk: publicJwk,
    privateJwk: privateJwk,
    publicKeyPem: await exportSPKI(pair.publicKey),
    insertInstant: Date.now(),
  };
}

/** Keys with a public half (not HMAC), for JWKS and the public-key API. */
export function publicKeysOf(state: State): SigningKey[] {
  return Object.values(state.keys).filter((key) => key.type !== 'HMAC');
}

/** The JWKS document: every public key, with `kid`, `use` and `alg`; never an HMAC secret. */
export function jwks(state: State): { keys: JsonObject[] } {
  return {
    keys: publicKeysOf(state).map((key) => ({ ...key.publicJwk, alg: key.algorithm, use: 'sig', kid: key.kid })),
  };
}

type ImportedKey = Awaited<ReturnType<typeof importJWK>>;

const importedPrivateKeys = new Map<string, ImportedKey>();

/** The private key as a jose key object, imported once per key. */
export async function privateKeyOf(key: SigningKey): Promise<ImportedKey> {
  let imported = importedPrivateKeys.get(key.kid);
  if (!imported) {
    imported = await importJWK(key.privateJwk as JWK, key.algorithm);
    importedPrivateKeys.set(key.kid, imported);
  }
  return imported;
}

/**
 * Key Master keys for signing access tokens [DOC apis/keys.mdx]. Keys are generated once and kept
 * in the state, so tokens stay verifiable across restarts. Only public halves are published
 * (GET /.well-known/jwks.json), each with its `kid`, which also goes in every token header.
 */
import { calculateJwkThumbprint, exportJWK, exportSPKI, generateKeyPair, importJWK, type JWK } from 'jose';
import type { JsonObject, SigningKey, State } from '../state/model.ts';

/** Algorithms /api/key/generate accepts here: FusionAuth's asymmetric ones. */
export const SUPPORTED_KEY_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'] as const;
export type KeyAlgorithm = (typeof SUPPORTED_KEY_ALGORITHMS)[number];

/** Whether an algorithm name is one this server can generate. */
export function isSupportedKeyAlgorithm(algorithm: string): algorithm is KeyAlgorithm {
  return (SUPPORTED_KEY_ALGORITHMS as readonly string[]).includes(algorithm);
}

/** Generates a key pair with a thumbprint `kid`. RSA keys default to 2048 bits, as in FusionAuth. */
export async function generateSigningKey(
  id: string, name: string, algorithm: KeyAlgorithm, length = 2048,
): Promise<SigningKey> {
  const isRsa = algorithm.startsWith('RS');
  const pair = await generateKeyPair(algorithm, { extractable: true, ...(isRsa ? { modulusLength: length } : {}) });
  const publicJwk = await exportJWK(pair.publicKey);
  const privateJwk = await exportJWK(pair.privateKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    id, kid, name, algorithm,
    type: isRsa ? 'RSA' : 'EC',
    ...(isRsa ? { length } : {}),
    publicJwk: publicJwk as JsonObject,
    privateJwk: privateJwk as JsonObject,
    publicKeyPem: await exportSPKI(pair.publicKey),
    insertInstant: Date.now(),
  };
}

/** The JWKS document: every key's public half, with `kid`, `use` and `alg`. */
export function jwks(state: State): { keys: JsonObject[] } {
  return {
    keys: Object.values(state.keys).map((key) => ({ ...key.publicJwk, alg: key.algorithm, use: 'sig', kid: key.kid })),
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

/**
 * Signing keys (https://fusionauth.io/docs/apis/keys): found by id or by `kid`, and the public ones
 * published as a JWKS.
 */
import { stateOf, type DevServerContext } from '../context.ts';
import type { JsonObject, SigningKey } from '../state/model.ts';
import { jwks, publicKeysOf } from '../tokens/signing-keys.ts';

/** The key with this id. */
export function findKey(context: DevServerContext, keyId: string): SigningKey | undefined {
  return stateOf(context).keys[keyId];
}

/** The key whose JWT `kid` header is `kid`. */
export function findKeyByKid(context: DevServerContext, kid: string): SigningKey | undefined {
  return Object.values(stateOf(context).keys).find((candidate) => candidate.kid === kid);
}

/** Every key. */
export function listKeys(context: DevServerContext): SigningKey[] {
  return Object.values(stateOf(context).keys);
}

/** The keys that have a public part (every key but HMAC secrets). */
export function listPublicKeys(context: DevServerContext): SigningKey[] {
  return publicKeysOf(stateOf(context));
}

/** The public keys as a JSON Web Key Set. */
export function publicJwks(context: DevServerContext): { keys: JsonObject[] } {
  return jwks(stateOf(context));
}

/** Stores a generated or imported key. */
export function saveKey(context: DevServerContext, key: SigningKey): void {
  stateOf(context).keys[key.id] = key;
  context.store.changed();
}

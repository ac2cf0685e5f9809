/**
 * Stored passkeys: lookup, the Retrieve a Passkey view, deletion (https://fusionauth.io/docs/apis/webauthn), and
 * the PEM form of a COSE public key that FusionAuth shows.
 */
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { cose, decodeCredentialPublicKey } from '@simplewebauthn/server/helpers';
import { stateOf, type DevServerContext } from '../context.ts';
import type { JsonObject, StoredWebAuthnCredential } from '../state/model.ts';

/** The passkey with this (FusionAuth) id. */
export function findCredential(context: DevServerContext, id: string): StoredWebAuthnCredential | undefined {
  return stateOf(context).webAuthnCredentials[id];
}

/** The user's passkeys, oldest first. */
export function credentialsOfUser(context: DevServerContext, userId: string): StoredWebAuthnCredential[] {
  return Object.values(stateOf(context).webAuthnCredentials)
    .filter((credential) => credential.userId === userId)
    .sort((a, b) => a.insertInstant - b.insertInstant);
}

/** The user's passkey with this authenticator credential id: another user's never matches. */
export function findUserCredential(
  context: DevServerContext,
  userId: string,
  credentialId: string,
): StoredWebAuthnCredential | undefined {
  return credentialsOfUser(context, userId).find((credential) => credential.credentialId === credentialId);
}

/** Removes passkeys (one, or all of a user's). */
export function deleteCredentials(context: DevServerContext, credentials: StoredWebAuthnCredential[]): void {
  for (const credential of credentials) delete stateOf(context).webAuthnCredentials[credential.id];
  if (credentials.length > 0) context.store.changed();
}

/** The passkey as the WebAuthn API answers it. */
export function credentialView(credential: StoredWebAuthnCredential): JsonObject {
  const shown: JsonObject = { ...credential, attestationType: 'none', data: {} };
  delete shown.coseKey;
  return shown;
}

/** The COSE key (as an authenticator sends it) as an SPKI PEM; EC2 and RSA keys, the kinds FusionAuth accepts. */
export function coseKeyToPem(coseKey: Uint8Array): string {
  const key = decodeCredentialPublicKey(new Uint8Array(coseKey));
  const encode = (value: Uint8Array | undefined) => Buffer.from(value ?? new Uint8Array()).toString('base64url');
  let jwk: JsonWebKey;
  if (cose.isCOSEPublicKeyEC2(key)) {
    const curves: Record<number, string> = {
      [cose.COSECRV.P256]: 'P-256',
      [cose.COSECRV.P384]: 'P-384',
      [cose.COSECRV.P521]: 'P-521',
    };
    jwk = {
      kty: 'EC',
      crv: curves[Number(key.get(cose.COSEKEYS.crv))],
      x: encode(key.get(cose.COSEKEYS.x)),
      y: encode(key.get(cose.COSEKEYS.y)),
    };
  } else if (cose.isCOSEPublicKeyRSA(key)) {
    jwk = { kty: 'RSA', n: encode(key.get(cose.COSEKEYS.n)), e: encode(key.get(cose.COSEKEYS.e)) };
  } else {
    throw new TypeError('unsupported COSE key type');
  }
  return createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString().trim();
}

/** The COSE `alg` of a key (the verification library has checked it is one FusionAuth accepts). */
export function coseAlgorithm(coseKey: Uint8Array): number {
  return Number(decodeCredentialPublicKey(new Uint8Array(coseKey)).get(cose.COSEKEYS.alg));
}

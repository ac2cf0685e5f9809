import { randomBytes } from 'node:crypto';
import type { PublicKeyCredentialRequestOptions } from '@fusionauth/typescript-client';

/**
 * Passkey sign-in options for an email FusionAuth does not know, which no passkey answers, and which must
 * not tell that the account does not exist: the same keys in the same order as FusionAuth's own options,
 * the same values but a fresh challenge of the same length, and an empty `allowCredentials`, as for a person
 * without passkeys. The shape is learnt from FusionAuth's latest real answer (until one is seen, the shape of
 * its WebAuthn start response: https://fusionauth.io/docs/apis/webauthn#start-a-webauthn-passkey-authentication).
 */
export class DecoyPasskeyOptions {
  #template: PublicKeyCredentialRequestOptions;

  constructor(rpId: string) {
    this.#template = {
      allowCredentials: [],
      challenge: randomBytes(32).toString('base64url'),
      rpId,
      timeout: 180000,
      userVerification: 'required',
    } as PublicKeyCredentialRequestOptions;
  }

  /** Learns the shape of options FusionAuth made for a real account. */
  observe(real: PublicKeyCredentialRequestOptions): void {
    this.#template = real;
  }

  /** Options shaped like the latest real ones, with a fresh challenge and no credentials. */
  make(): PublicKeyCredentialRequestOptions {
    const decoy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.#template)) {
      if (key === 'challenge')
        decoy[key] = randomBytes(Buffer.from(String(value), 'base64url').length || 32).toString('base64url');
      else if (key === 'allowCredentials') decoy[key] = [];
      else decoy[key] = value;
    }
    return decoy;
  }
}

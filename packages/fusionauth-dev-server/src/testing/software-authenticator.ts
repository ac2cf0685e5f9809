/**
 * A software WebAuthn authenticator for contract tests: an ES256 key pair made in the test, answering
 * registrations with `none` attestation and authentications with real signatures, so the server's verification
 * runs for real. Each answer can be bent the way an attacker or a broken device would bend it (origin, relying
 * party, counter, user verification, signing key).
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

const USER_PRESENT = 0x01;
const USER_VERIFIED = 0x04;
const ATTESTED_CREDENTIAL_DATA = 0x40;

/** What the browser would pass along: the challenge from the server's options and where the page runs. */
export interface CeremonyInput {
  challenge: string;
  origin: string;
  rpId: string;
  /** Sign without user verification (default: verified). */
  userVerified?: boolean;
}

export interface AssertionInput extends CeremonyInput {
  /** The base64url user handle a discoverable passkey returns. */
  userHandle?: string;
  /** Report this counter instead of the next one. */
  signCount?: number;
  /** Sign with this key instead of the passkey's own: a forgery. */
  signingKey?: KeyObject;
  /** Claim this credential id instead of the passkey's own. */
  credentialId?: string;
}

/**
 * The `credential` of FusionAuth's Complete Registration request: what `navigator.credentials.create()` gives,
 * binary fields base64url-encoded (no `rawId`: the id is already base64url).
 */
export interface RegistrationCredential {
  id: string;
  type: 'public-key';
  response: { clientDataJSON: string; attestationObject: string; transports: string[] };
  clientExtensionResults: { credProps: { rk: boolean } };
  transports: string[];
}

/** The `credential` of FusionAuth's Complete Authentication and Assertion requests. */
export interface AssertionCredential {
  id: string;
  type: 'public-key';
  response: { authenticatorData: string; clientDataJSON: string; signature: string; userHandle?: string };
  clientExtensionResults: Record<string, never>;
}

/** One passkey on a software authenticator. */
export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(16).toString('base64url');
  signCount = 0;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor() {
    ({ privateKey: this.privateKey, publicKey: this.publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' }));
  }

  /** Creates the credential for a registration ceremony. */
  register(input: CeremonyInput): RegistrationCredential {
    const jwk = this.publicKey.export({ format: 'jwk' });
    const coseKey = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x ?? '', 'base64url')],
        [-3, Buffer.from(jwk.y ?? '', 'base64url')],
      ]),
    );
    const credentialId = Buffer.from(this.credentialId, 'base64url');
    const length = Buffer.alloc(2);
    length.writeUInt16BE(credentialId.length);
    const authenticatorData = Buffer.concat([
      this.header(input, ATTESTED_CREDENTIAL_DATA, this.signCount),
      Buffer.alloc(16),
      length,
      credentialId,
      coseKey,
    ]);
    const attestation = new Map<string, string | Uint8Array | Map<string, string>>();
    attestation.set('fmt', 'none').set('attStmt', new Map()).set('authData', authenticatorData);
    const attestationObject = isoCBOR.encode(attestation);
    return {
      id: this.credentialId,
      type: 'public-key',
      response: {
        clientDataJSON: clientData('webauthn.create', input),
        attestationObject: Buffer.from(attestationObject).toString('base64url'),
        transports: ['internal'],
      },
      clientExtensionResults: { credProps: { rk: true } },
      transports: ['internal'],
    };
  }

  /** Signs an authentication ceremony's challenge, counting up unless told otherwise. */
  assert(input: AssertionInput): AssertionCredential {
    const signCount = input.signCount ?? ++this.signCount;
    const authenticatorData = this.header(input, 0, signCount);
    const clientDataJSON = clientData('webauthn.get', input);
    const signed = Buffer.concat([
      authenticatorData,
      createHash('sha256').update(Buffer.from(clientDataJSON, 'base64url')).digest(),
    ]);
    const id = input.credentialId ?? this.credentialId;
    return {
      id,
      type: 'public-key',
      response: {
        authenticatorData: authenticatorData.toString('base64url'),
        clientDataJSON,
        signature: sign('sha256', signed, input.signingKey ?? this.privateKey).toString('base64url'),
        ...(input.userHandle ? { userHandle: input.userHandle } : {}),
      },
      clientExtensionResults: {},
    };
  }

  /** rpIdHash, flags and counter: the start of every authenticator data. */
  private header(input: CeremonyInput, extraFlags: number, signCount: number): Buffer {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(signCount);
    const flags = USER_PRESENT | (input.userVerified === false ? 0 : USER_VERIFIED) | extraFlags;
    return Buffer.concat([createHash('sha256').update(input.rpId).digest(), Buffer.from([flags]), counter]);
  }
}

/** A stranger's key, for forged signatures. */
export function foreignKey(): KeyObject {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
}

function clientData(type: string, input: CeremonyInput): string {
  return Buffer.from(
    JSON.stringify({ type, challenge: input.challenge, origin: input.origin, crossOrigin: false }),
  ).toString('base64url');
}

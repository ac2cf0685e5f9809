import {
  WebAuthnWorkflow,
  type PublicKeyCredentialCreationOptions,
  type PublicKeyCredentialRequestOptions,
  type WebAuthnCredential,
} from '@fusionauth/typescript-client';
import { AppError } from '../errors.ts';
import { toLoginOutcome, type LoginOutcome } from './login-outcome.ts';
import { FusionAuthArea } from './fusionauth-area.ts';
import { isMadeFor, type PasskeyAssertion, type PasskeyAttestation } from './passkey-credential.ts';

/** A passkey as the account page lists it. */
export interface Passkey {
  id: string;
  name: string;
  /** Epoch ms. */
  createdAt: number | undefined;
  /** Epoch ms; undefined for a passkey that has not signed anyone in yet. */
  lastUsedAt: number | undefined;
}

/** A last use this close to the passkey's registration is the registration itself. */
const REGISTRATION_USE_MS = 1000;

/** Where a passkey ceremony's answer is checked: the app's origin and relying party id. */
export interface Ceremony {
  origin: string;
  rpId: string;
}

/**
 * Passkeys through FusionAuth's WebAuthn API (https://fusionauth.io/docs/apis/webauthn): FusionAuth makes the
 * challenges and verifies the browser's answers; the app carries them. Sign-in uses the `bootstrap` workflow
 * (a passkey instead of a password), so passkeys are registered for it too.
 */
export class PasskeyApi extends FusionAuthArea {
  /** POST /api/webauthn/register/start: creation options for a new passkey of `userId`, or null when FusionAuth refuses (4xx). */
  async startRegistration(
    userId: string,
    name: string,
    displayName: string,
    userAgent: string | undefined,
  ): Promise<PublicKeyCredentialCreationOptions | null> {
    const answer = await this.call((client) =>
      client.startWebAuthnRegistration({ userId, name, displayName, userAgent, workflow: WebAuthnWorkflow.bootstrap }),
    );
    if (answer.statusCode >= 400) return null;
    if (!answer.response?.options)
      throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `WebAuthn Register Start API answered ${answer.statusCode}`);
    return answer.response.options;
  }

  /** POST /api/webauthn/register/complete: true when FusionAuth verified and stored the passkey, false when it refused it (4xx). */
  async completeRegistration(userId: string, credential: PasskeyAttestation, ceremony: Ceremony): Promise<boolean> {
    if (!isMadeFor(credential, 'webauthn.create', ceremony.origin)) return false;
    const answer = await this.call((client) =>
      client.completeWebAuthnRegistration({ userId, credential, ...ceremony }),
    );
    return answer.statusCode === 200;
  }

  /**
   * POST /api/webauthn/start: request options for the person with this email. FusionAuth's start needs a
   * `userId` or `loginId`, so the person names their account first. Null when FusionAuth refuses (an unknown
   * email is a 404, passkeys off a 400).
   */
  async startSignIn(loginId: string): Promise<PublicKeyCredentialRequestOptions | null> {
    const answer = await this.call((client) =>
      client.startWebAuthnLogin({ loginId, applicationId: this.applicationId, workflow: WebAuthnWorkflow.bootstrap }),
    );
    if (answer.statusCode >= 400) return null;
    if (!answer.response?.options)
      throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `WebAuthn Start API answered ${answer.statusCode}`);
    return answer.response.options;
  }

  /**
   * POST /api/webauthn/login: answers like the Login API. Every refusal of the assertion (forged, replayed,
   * wrong origin, unknown or another person's passkey, a counter going backwards: 400 or 404) is
   * `invalid-credentials`.
   */
  async completeSignIn(input: {
    credential: PasskeyAssertion;
    ceremony: Ceremony;
    ipAddress?: string;
    withTokens: boolean;
  }): Promise<LoginOutcome> {
    if (!isMadeFor(input.credential, 'webauthn.get', input.ceremony.origin)) return { kind: 'invalid-credentials' };
    const answer = await this.call((client) =>
      client.completeWebAuthnLogin({
        credential: input.credential,
        ...input.ceremony,
        applicationId: this.applicationId,
        ipAddress: input.ipAddress,
        noJWT: !input.withTokens,
      }),
    );
    if (answer.statusCode === 400 || answer.statusCode === 401 || answer.statusCode === 404)
      return { kind: 'invalid-credentials' };
    return toLoginOutcome(answer);
  }

  /** GET /api/webauthn?userId=: the person's passkeys, oldest first. */
  async listPasskeys(userId: string): Promise<Passkey[]> {
    const answer = await this.call((client) => client.retrieveWebAuthnCredentialsForUser(userId));
    if (answer.statusCode === 404 || answer.statusCode === 400) return [];
    if (answer.statusCode !== 200)
      throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `WebAuthn API answered ${answer.statusCode}`);
    return (answer.response?.credentials ?? [])
      .flatMap(toPasskey)
      .sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
  }

  /** DELETE /api/webauthn/{id}, only when the passkey is `userId`'s: false when it is not (or is gone). */
  async deletePasskey(userId: string, passkeyId: string): Promise<boolean> {
    const owned = (await this.listPasskeys(userId)).some((passkey) => passkey.id === passkeyId);
    if (!owned) return false;
    const answer = await this.call((client) => client.deleteWebAuthnCredential(passkeyId));
    return answer.statusCode === 200;
  }
}

function isRegistrationUse(credential: WebAuthnCredential): boolean {
  const { insertInstant, lastUseInstant } = credential;
  return (
    lastUseInstant === undefined ||
    (insertInstant !== undefined && lastUseInstant - insertInstant < REGISTRATION_USE_MS)
  );
}

function toPasskey(credential: WebAuthnCredential): Passkey[] {
  if (!credential.id) return [];
  return [
    {
      id: credential.id,
      name: credential.name ?? 'Passkey',
      createdAt: credential.insertInstant,
      // FusionAuth counts the registration as a use (lastUseInstant = insertInstant): that is not a sign-in.
      lastUsedAt: isRegistrationUse(credential) ? undefined : credential.lastUseInstant,
    },
  ];
}

/** The ceremony of an app served at `appUrl`: its origin, and its host as the relying party id. */
export function ceremonyAt(appUrl: string): Ceremony {
  const url = new URL(appUrl);
  return { origin: url.origin, rpId: url.hostname };
}

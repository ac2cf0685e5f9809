/**
 * What the registration and the assertion ceremonies share: reading the client data to find the challenge, the
 * outcome union, and turning a verification library refusal into FusionAuth's field error.
 */
import { decodeClientDataJSON } from '@simplewebauthn/server/helpers';
import { fieldError, type Errors } from '../http/errors.ts';
import type { JsonObject } from '../state/model.ts';

/**
 * Why a ceremony is refused: `no-challenge` (unknown, used or expired challenge) and `bad-signature` answer 404,
 * as the Login API answers bad credentials; `invalid` answers 400 with field errors.
 */
export type CeremonyFailure =
  { kind: 'no-challenge' } | { kind: 'bad-signature' } | { kind: 'invalid'; errors: Errors };

/** The `origin` and `challenge` the browser signed, or undefined when the client data is not readable. */
export function readClientData(response: JsonObject): { origin: string; challenge: string } | undefined {
  if (typeof response.clientDataJSON !== 'string') return undefined;
  try {
    const clientData = decodeClientDataJSON(response.clientDataJSON);
    if (typeof clientData.origin !== 'string' || typeof clientData.challenge !== 'string') return undefined;
    return { origin: clientData.origin, challenge: clientData.challenge };
  } catch {
    return undefined;
  }
}

/** A 400 naming one field. */
export function invalid(field: string, message: string): CeremonyFailure {
  return { kind: 'invalid', errors: fieldError(field, 'invalid', message) };
}

const LIBRARY_REFUSALS: [RegExp, string][] = [
  [/RP ID/, 'rpId'],
  [/origin/i, 'origin'],
  [/challenge|response type/, 'credential.response.clientDataJSON'],
  [/counter|User verification|User presence|User not present/, 'credential.response.authenticatorData'],
];

/** FusionAuth's field error for what @simplewebauthn/server refused; `fallbackField` names the rest. */
export function refusal(error: unknown, fallbackField: string): CeremonyFailure {
  const message = error instanceof Error ? error.message : String(error);
  const field = LIBRARY_REFUSALS.find(([pattern]) => pattern.test(message))?.[1] ?? fallbackField;
  return invalid(field, message);
}

/**
 * The request's credential as @simplewebauthn/server reads it: FusionAuth's shape has no `rawId` (the library's
 * check that the id is base64url), so it is the `id` itself.
 */
export function libraryCredential<T>(credential: JsonObject): T {
  return { ...credential, rawId: credential.id } as unknown as T;
}

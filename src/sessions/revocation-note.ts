/**
 * Why a session was ended from elsewhere, as its tombstone keeps it: the browser it belonged to is
 * then told the real cause ("an administrator signed you out"), not a guess.
 */

/** Who or what ended the session. `unstated`: a tombstone that holds no (readable) reason. */
export type RevocationCause =
  | 'other-device'
  | 'everywhere'
  | 'admin'
  | 'password-change'
  | 'deactivated'
  | 'deleted'
  | 'identity-provider'
  | 'unstated';

export interface RevocationNote {
  cause: RevocationCause;
  /** For `other-device` and `everywhere`: the device the person did it from ("Firefox on Linux"). */
  device?: string;
}

const CAUSES: ReadonlySet<string> = new Set<RevocationCause>([
  'other-device',
  'everywhere',
  'admin',
  'password-change',
  'deactivated',
  'deleted',
  'identity-provider',
]);

/** The note as the store keeps it: a short JSON text. */
export function encodeRevocationNote(note: RevocationNote): string {
  return JSON.stringify(note);
}

/** The note back from the store; anything unreadable (an older tombstone, an edited file) is `unstated`. */
export function decodeRevocationNote(text: string): RevocationNote {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { cause: 'unstated' };
  }
  if (typeof parsed !== 'object' || parsed === null || !('cause' in parsed)) return { cause: 'unstated' };
  const { cause } = parsed;
  if (typeof cause !== 'string' || !CAUSES.has(cause)) return { cause: 'unstated' };
  const device = 'device' in parsed && typeof parsed.device === 'string' ? parsed.device.slice(0, 80) : undefined;
  return device ? { cause: cause as RevocationCause, device } : { cause: cause as RevocationCause };
}

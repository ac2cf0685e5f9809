import { createHash, timingSafeEqual } from 'node:crypto';
import { jwtVerify } from 'jose';

/** FusionAuth's signature header (https://fusionauth.io/docs/extend/events-and-webhooks/signing). */
export const SIGNATURE_HEADER = 'x-fusionauth-signature-jwt';

const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'];

/**
 * True when `jws` is a JWS signed with the shared HMAC secret whose `request_body_sha256` claim is the
 * Base64 SHA-256 of exactly these body bytes — the raw body, never re-serialised JSON.
 */
export async function isSignedBody(rawBody: Buffer, jws: string | undefined, secret: Uint8Array): Promise<boolean> {
  if (!jws) return false;
  let claim: unknown;
  try {
    claim = (await jwtVerify(jws, secret, { algorithms: HMAC_ALGORITHMS })).payload.request_body_sha256;
  } catch {
    return false;
  }
  if (typeof claim !== 'string') return false;
  const expected = createHash('sha256').update(rawBody).digest();
  const claimed = Buffer.from(claim, 'base64');
  return claimed.length === expected.length && timingSafeEqual(claimed, expected);
}

/**
 * Webhook signatures (https://fusionauth.io/docs/extend/events-and-webhooks/signing): `X-FusionAuth-Signature-JWT` is a JWS
 * signed with the webhook's Key Master key, whose one claim `request_body_sha256` is the standard
 * (padded) Base64 of SHA-256 over the exact body bytes sent.
 */
import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SigningKey } from '../state/model.ts';
import { privateKeyOf } from '../tokens/signing-keys.ts';

export const SIGNATURE_HEADER = 'X-FusionAuth-Signature-JWT';

/** Base64 of the body's SHA-256, as the signature's `request_body_sha256` claim holds it. */
export function bodySha256(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('base64');
}

/** The signature header's value for `body`, signed with `key` (RSA, EC or HMAC). */
export async function signWebhookBody(key: SigningKey, body: string): Promise<string> {
  return new SignJWT({ request_body_sha256: bodySha256(body) })
    .setProtectedHeader({ alg: key.algorithm, typ: 'JWT', kid: key.kid })
    .sign(await privateKeyOf(key));
}

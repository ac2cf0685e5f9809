/**
 * The two Key Master keys the app relies on (https://fusionauth.io/docs/apis/keys), found by their unique names:
 * - an RS256 key for the application's access and id tokens, since FusionAuth's default key is HMAC
 *   (HS256) and never published in the JWKS the app verifies tokens against;
 * - an HMAC (HS256) key that signs webhooks, imported with a secret setup generates so the app can
 *   verify X-FusionAuth-Signature-JWT with FUSIONAUTH_WEBHOOK_SECRET.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { KeyAlgorithm, KeyType, type Key } from '@fusionauth/typescript-client';
import type { AdminClient } from './admin-client.ts';
import { ACCESS_TOKEN_KEY_NAME, WEBHOOK_KEY_NAME } from './app-requirements.ts';
import { SetupError } from './setup-error.ts';

export interface SigningKeys {
  accessTokenKeyId: string;
  webhookKeyId: string;
  webhookSecret: string;
}

async function keyNamed(api: AdminClient, name: string): Promise<Key | undefined> {
  const { keys = [] } = await api.call('GET /api/key', (client) => client.retrieveKeys());
  return keys.find((key) => key.name === name);
}

async function ensureAccessTokenKey(api: AdminClient, changes: string[]): Promise<string> {
  const existing = await keyNamed(api, ACCESS_TOKEN_KEY_NAME);
  if (existing?.id) {
    if (existing.type !== KeyType.RSA || existing.hasPrivateKey === false) {
      throw new SetupError(
        'CONFLICT',
        `The key "${ACCESS_TOKEN_KEY_NAME}" (${existing.id}) is not an RSA key pair FusionAuth can sign with. Rename or delete it in FusionAuth (Settings → Key Master) and run setup again.`,
      );
    }
    return existing.id;
  }
  const id = randomUUID();
  await api.call('POST /api/key/generate', (client) =>
    client.generateKey(id, { key: { algorithm: KeyAlgorithm.RS256, name: ACCESS_TOKEN_KEY_NAME, length: 2048 } }),
  );
  changes.push(`generated the RS256 key "${ACCESS_TOKEN_KEY_NAME}" (${id}) for the application's tokens`);
  return id;
}

async function ensureWebhookKey(
  api: AdminClient,
  knownSecret: string | undefined,
  changes: string[],
): Promise<{ id: string; secret: string }> {
  const existing = await keyNamed(api, WEBHOOK_KEY_NAME);
  if (existing?.id) {
    if (existing.type !== KeyType.HMAC) {
      throw new SetupError(
        'CONFLICT',
        `The key "${WEBHOOK_KEY_NAME}" (${existing.id}) is not an HMAC key. Rename or delete it in FusionAuth (Settings → Key Master) and run setup again.`,
      );
    }
    // FusionAuth's key responses may leave an HMAC secret out; then the env file is the only copy.
    const secret = existing.secret || knownSecret;
    if (!secret) {
      throw new SetupError(
        'CONFLICT',
        `The webhook signing key "${WEBHOOK_KEY_NAME}" (${existing.id}) exists, but FusionAuth does not return its secret and the env file has no FUSIONAUTH_WEBHOOK_SECRET. Put its secret in the env file, or delete the key (and the webhook using it) in FusionAuth and run setup again.`,
      );
    }
    return { id: existing.id, secret };
  }
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64');
  await api.call('POST /api/key/import', (client) =>
    client.importKey(id, {
      key: { algorithm: KeyAlgorithm.HS256, type: KeyType.HMAC, name: WEBHOOK_KEY_NAME, secret },
    }),
  );
  changes.push(`imported the HMAC key "${WEBHOOK_KEY_NAME}" (${id}) that signs webhooks`);
  return { id, secret };
}

/** Finds or creates both keys. `knownSecret` is FUSIONAUTH_WEBHOOK_SECRET from the env file, if any. */
export async function ensureSigningKeys(
  api: AdminClient,
  knownSecret: string | undefined,
  changes: string[],
): Promise<SigningKeys> {
  const accessTokenKeyId = await ensureAccessTokenKey(api, changes);
  const webhook = await ensureWebhookKey(api, knownSecret, changes);
  return { accessTokenKeyId, webhookKeyId: webhook.id, webhookSecret: webhook.secret };
}

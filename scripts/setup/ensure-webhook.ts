/**
 * The webhook that carries the app's events (https://fusionauth.io/docs/apis/webhooks), signed with the HMAC key
 * (signatureConfiguration, FusionAuth 1.48+) and scoped to the app's tenant. It is found by its URL,
 * or by its signing key (which only these apps use) and its description.
 */
import { randomUUID } from 'node:crypto';
import type { EventType, Webhook } from '@fusionauth/typescript-client';
import type { AdminClient } from './admin-client.ts';
import { WEBHOOK_DESCRIPTION, WEBHOOK_EVENTS } from './app-requirements.ts';
import { mergeSettings } from './merge-settings.ts';

export interface WebhookTarget {
  url: string;
  tenantId: string;
  signingKeyId: string;
  /** Which app's webhook this is (WEBHOOK_DESCRIPTION, or the second application's). */
  description?: string;
}

function wantedWebhook(target: WebhookTarget): Webhook {
  return {
    url: target.url,
    description: target.description ?? WEBHOOK_DESCRIPTION,
    global: false,
    tenantIds: [target.tenantId],
    eventsEnabled: Object.fromEntries(WEBHOOK_EVENTS.map((type) => [type, true])) as Record<EventType, boolean>,
    signatureConfiguration: { enabled: true, signingKeyId: target.signingKeyId },
  };
}

/** Creates or updates the webhook; returns its id. */
export async function ensureWebhook(api: AdminClient, target: WebhookTarget, changes: string[]): Promise<string> {
  const { webhooks = [] } = await api.call('GET /api/webhook', (client) => client.retrieveWebhooks());
  // Both apps' webhooks share the signing key: by key, only the one with this app's description.
  const description = target.description ?? WEBHOOK_DESCRIPTION;
  const existing =
    webhooks.find((webhook) => webhook.url === target.url) ??
    webhooks.find(
      (webhook) =>
        webhook.signatureConfiguration?.signingKeyId === target.signingKeyId && webhook.description === description,
    );
  const wanted = wantedWebhook(target);
  if (!existing?.id) {
    const id = randomUUID();
    await api.call('POST /api/webhook', (client) =>
      client.createWebhook(id, { webhook: { ...wanted, connectTimeout: 1000, readTimeout: 2000 } }),
    );
    changes.push(`created the signed webhook ${target.url} (${id}) for ${WEBHOOK_EVENTS.length} events`);
    return id;
  }
  const id = existing.id;
  const merged = mergeSettings(existing, wanted);
  if (merged.changed.length > 0) {
    await api.call(`PUT /api/webhook/${id}`, (client) => client.updateWebhook(id, { webhook: merged.value }));
    changes.push(`updated the webhook ${target.url}: ${merged.changed.join(', ')}`);
  }
  return id;
}

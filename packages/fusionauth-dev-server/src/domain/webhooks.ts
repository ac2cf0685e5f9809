/**
 * Webhooks (https://fusionauth.io/docs/apis/webhooks): validated into records, stored, and read by
 * delivery for each event.
 */
import { stateOf, type DevServerContext } from '../context.ts';
import type { ErrorCollector } from '../http/errors.ts';
import type { JsonObject, StoredWebhook } from '../state/model.ts';
import { buildWebhook } from '../webhooks/webhook-record.ts';

/** The webhook with this id. */
export function findWebhook(context: DevServerContext, webhookId: string): StoredWebhook | undefined {
  return stateOf(context).webhooks[webhookId];
}

/** Every webhook. */
export function listWebhooks(context: DevServerContext): StoredWebhook[] {
  return Object.values(stateOf(context).webhooks);
}

/** Validates a `webhook` object into `errors` and stores it when valid; null otherwise. */
export function saveWebhook(
  context: DevServerContext,
  id: string,
  input: JsonObject,
  errors: ErrorCollector,
  previous?: StoredWebhook,
): StoredWebhook | null {
  const webhook = buildWebhook(stateOf(context), id, input, errors, previous);
  if (!webhook) return null;
  stateOf(context).webhooks[id] = webhook;
  context.store.changed();
  return webhook;
}

/** Deletes a webhook; deliveries already queued for it stop. */
export function deleteWebhook(context: DevServerContext, webhook: StoredWebhook): void {
  delete stateOf(context).webhooks[webhook.id];
  context.store.changed();
}

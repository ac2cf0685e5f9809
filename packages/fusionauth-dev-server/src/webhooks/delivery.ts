/**
 * Webhook delivery (https://fusionauth.io/docs/extend/events-and-webhooks/, https://fusionauth.io/docs/extend/events-and-webhooks/writing-a-webhook): each domain event
 * the tenant has enabled goes to every webhook that enables its type and covers its tenant, as a POST of
 * `{"event":{…}}`, after the change is made (asynchronously: the API call never waits for it).
 * Deliveries for one user reach each webhook in the order the events happened; a failed one (non-2xx,
 * network error, timeout) is retried up to 3 more times before the next event of that user goes out.
 */
import type { DevServerContext } from '../context.ts';
import { toWebhookBody, type DomainEvent } from '../domain/events.ts';
import { findKey } from '../domain/keys.ts';
import { findTenant } from '../domain/tenants.ts';
import { findWebhook, listWebhooks } from '../domain/webhooks.ts';
import type { Json, StoredTenant, StoredWebhook } from '../state/model.ts';
import { SIGNATURE_HEADER, signWebhookBody } from './signature.ts';

export interface WebhookDeliveryOptions {
  /** Pauses before each retry; its length is the number of retries (FusionAuth: 3). */
  retryDelaysMs?: readonly number[];
  /** Where a delivery that failed every attempt is reported. */
  log?: (message: string) => void;
}

export interface WebhookDelivery {
  /** Stops delivering: pending retries are dropped. */
  close(): Promise<void>;
}

const DEFAULT_RETRY_DELAYS_MS = [250, 500, 1000] as const;

/** Whether the tenant sends this event type at all (tenant.eventConfiguration.events[type].enabled). */
function tenantSends(tenant: StoredTenant | undefined, type: string): boolean {
  const events = tenant?.config.eventConfiguration;
  const byType = events && typeof events === 'object' && !Array.isArray(events) ? events.events : undefined;
  const setting = byType && typeof byType === 'object' && !Array.isArray(byType) ? byType[type] : undefined;
  return Boolean(setting && typeof setting === 'object' && !Array.isArray(setting) && setting.enabled === true);
}

function webhookWants(webhook: StoredWebhook, event: DomainEvent): boolean {
  return webhook.eventsEnabled[event.type] === true && (webhook.global || webhook.tenantIds.includes(event.tenantId));
}

/** The user an event is about (its ordering key), or its application or tenant when it names no user. */
function orderingKeyOf(event: DomainEvent): string {
  const user = event.fields.user;
  const userId = user && typeof user === 'object' && !Array.isArray(user) ? user.id : undefined;
  const about: Json | undefined = userId ?? event.fields.userId ?? event.fields.applicationId;
  return typeof about === 'string' ? about : `tenant:${event.tenantId}`;
}

/** Subscribes to the context's events and delivers them to the configured webhooks. */
export function startWebhookDelivery(context: DevServerContext, options: WebhookDeliveryOptions = {}): WebhookDelivery {
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const log = options.log ?? ((message: string) => console.warn(`[idp] ${message}`));
  const closing = new AbortController();
  const queues = new Map<string, Promise<void>>();

  const enqueue = (key: string, job: () => Promise<void>) => {
    const next = (queues.get(key) ?? Promise.resolve()).then(job);
    queues.set(key, next);
    void next.finally(() => {
      if (queues.get(key) === next) queues.delete(key);
    });
  };

  const attempt = async (webhook: StoredWebhook, body: string): Promise<string | null> => {
    const headers: Record<string, string> = { ...webhook.headers, 'content-type': 'application/json' };
    if (webhook.httpAuthenticationUsername) {
      const credentials = `${webhook.httpAuthenticationUsername}:${webhook.httpAuthenticationPassword ?? ''}`;
      headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
    const keyId = webhook.signatureConfiguration.enabled ? webhook.signatureConfiguration.signingKeyId : undefined;
    const key = keyId ? findKey(context, keyId) : undefined;
    if (key) headers[SIGNATURE_HEADER] = await signWebhookBody(key, body);
    try {
      const timeout = AbortSignal.timeout(webhook.connectTimeout + webhook.readTimeout);
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.any([closing.signal, timeout]),
      });
      await response.arrayBuffer();
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };

  const deliver = async (webhook: StoredWebhook, event: DomainEvent, body: string): Promise<void> => {
    for (let tries = 0; ; tries++) {
      // A webhook deleted or changed meanwhile is not retried with its old settings.
      if (closing.signal.aborted || findWebhook(context, webhook.id) !== webhook) return;
      const failure = await attempt(webhook, body);
      if (failure === null) return;
      const delay = retryDelays[tries];
      if (delay === undefined) {
        if (!closing.signal.aborted)
          log(`webhook ${webhook.url}: ${event.type} ${event.id} failed after ${tries + 1} attempts (${failure})`);
        return;
      }
      await pause(delay, closing.signal);
    }
  };

  const unsubscribe = context.events.on((event) => {
    if (!tenantSends(findTenant(context, event.tenantId), event.type)) return;
    const body = JSON.stringify(toWebhookBody(event));
    for (const webhook of listWebhooks(context)) {
      if (webhookWants(webhook, event))
        enqueue(`${webhook.id}|${orderingKeyOf(event)}`, () => deliver(webhook, event, body));
    }
  });

  return {
    async close() {
      unsubscribe();
      closing.abort();
      await Promise.allSettled([...queues.values()]);
    },
  };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/**
 * Webhook configuration (https://fusionauth.io/docs/apis/webhooks; the TypeScript client's `Webhook` type): validation of a `webhook` request object
 * into a record, and the record back to FusionAuth's response shape (webhooks/responses.json).
 */
import type { ErrorCollector } from '../http/errors.ts';
import type { Json, JsonObject, State, StoredWebhook } from '../state/model.ts';

/** FusionAuth's defaults for the two HTTP timeouts, in milliseconds. */
const DEFAULT_CONNECT_TIMEOUT = 1000;
const DEFAULT_READ_TIMEOUT = 2000;

/** Fields read into typed ones; everything else in the request is kept in `config`. */
const TYPED_FIELDS = new Set([
  'id',
  'url',
  'eventsEnabled',
  'headers',
  'httpAuthenticationUsername',
  'httpAuthenticationPassword',
  'signatureConfiguration',
  'global',
  'tenantIds',
  'connectTimeout',
  'readTimeout',
  'insertInstant',
  'lastUpdateInstant',
]);

function asObject(value: Json | undefined): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function stringMap(value: Json | undefined, keep: (item: Json) => boolean): Record<string, Json> {
  return Object.fromEntries(Object.entries(asObject(value)).filter(([, item]) => keep(item)));
}

function readUrl(input: JsonObject, errors: ErrorCollector): string {
  const url = typeof input.url === 'string' ? input.url.trim() : '';
  if (url === '') {
    errors.field('webhook.url', 'blank', 'You must specify the [webhook.url] property.');
  } else if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    errors.field('webhook.url', 'invalid', 'The [webhook.url] property must be a valid http or https URL.');
  }
  return url;
}

function readSignature(
  state: State,
  input: JsonObject,
  errors: ErrorCollector,
): StoredWebhook['signatureConfiguration'] {
  const config = asObject(input.signatureConfiguration);
  const enabled = config.enabled === true;
  const signingKeyId =
    typeof config.signingKeyId === 'string' && config.signingKeyId !== '' ? config.signingKeyId : undefined;
  if (enabled && !signingKeyId) {
    errors.field(
      'webhook.signatureConfiguration.signingKeyId',
      'blank',
      'You must specify the [webhook.signatureConfiguration.signingKeyId] property when signing is enabled.',
    );
  } else if (enabled && signingKeyId && !state.keys[signingKeyId]) {
    errors.field(
      'webhook.signatureConfiguration.signingKeyId',
      'invalid',
      `The [webhook.signatureConfiguration.signingKeyId] property [${signingKeyId}] is not a valid Key Id.`,
    );
  }
  return { enabled, ...(signingKeyId ? { signingKeyId } : {}) };
}

function readTimeout(
  input: JsonObject,
  field: 'connectTimeout' | 'readTimeout',
  fallback: number,
  errors: ErrorCollector,
): number {
  const value = input[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    errors.field(
      `webhook.${field}`,
      'invalid',
      `The [webhook.${field}] property must be a positive number of milliseconds.`,
    );
    return fallback;
  }
  return value;
}

/**
 * Validates a `webhook` object into `errors` and builds the record. A webhook with neither `global`
 * nor `tenantIds` receives every tenant's events.
 */
export function buildWebhook(
  state: State,
  id: string,
  input: JsonObject,
  errors: ErrorCollector,
  previous?: StoredWebhook,
): StoredWebhook | null {
  const url = readUrl(input, errors);
  const signatureConfiguration = readSignature(state, input, errors);
  const tenantIds = Array.isArray(input.tenantIds)
    ? input.tenantIds.filter((item): item is string => typeof item === 'string')
    : [];
  for (const tenantId of tenantIds) {
    if (!state.tenants[tenantId])
      errors.field(
        'webhook.tenantIds',
        'invalid',
        `The [webhook.tenantIds] property contains [${tenantId}], which is not a valid Tenant Id.`,
      );
  }
  const connectTimeout = readTimeout(input, 'connectTimeout', DEFAULT_CONNECT_TIMEOUT, errors);
  const readTimeoutMs = readTimeout(input, 'readTimeout', DEFAULT_READ_TIMEOUT, errors);
  if (!errors.empty) return null;
  const now = Date.now();
  const config: JsonObject = {};
  for (const [key, value] of Object.entries(input)) if (!TYPED_FIELDS.has(key)) config[key] = value;
  const username = input.httpAuthenticationUsername;
  const password = input.httpAuthenticationPassword;
  return {
    id,
    url,
    config,
    signatureConfiguration,
    tenantIds,
    connectTimeout,
    readTimeout: readTimeoutMs,
    insertInstant: previous?.insertInstant ?? now,
    lastUpdateInstant: now,
    eventsEnabled: stringMap(input.eventsEnabled, (item) => typeof item === 'boolean') as Record<string, boolean>,
    headers: stringMap(input.headers, (item) => typeof item === 'string') as Record<string, string>,
    global: input.global === true || tenantIds.length === 0,
    ...(typeof username === 'string' && username !== '' ? { httpAuthenticationUsername: username } : {}),
    ...(typeof password === 'string' && password !== '' ? { httpAuthenticationPassword: password } : {}),
  };
}

/** A webhook as FusionAuth returns it. */
export function webhookView(webhook: StoredWebhook): JsonObject {
  const view: JsonObject = {
    ...webhook.config,
    id: webhook.id,
    url: webhook.url,
    eventsEnabled: { ...webhook.eventsEnabled },
    headers: { ...webhook.headers },
    signatureConfiguration: { ...webhook.signatureConfiguration },
    global: webhook.global,
    tenantIds: [...webhook.tenantIds],
    connectTimeout: webhook.connectTimeout,
    readTimeout: webhook.readTimeout,
    insertInstant: webhook.insertInstant,
    lastUpdateInstant: webhook.lastUpdateInstant,
  };
  if (webhook.httpAuthenticationUsername) view.httpAuthenticationUsername = webhook.httpAuthenticationUsername;
  if (webhook.httpAuthenticationPassword) view.httpAuthenticationPassword = webhook.httpAuthenticationPassword;
  return view;
}

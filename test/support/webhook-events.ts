/** FusionAuth webhook deliveries built from the event fixtures (test/fixtures/fusionauth-events/), signed as the kickstart's webhook signs them. */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import { DEV_FUSIONAUTH } from '../../src/dev-fusionauth.ts';

const EVENTS = new URL('../fixtures/fusionauth-events/', import.meta.url);

/** The fixture event `name` (e.g. `user-delete.json`), retargeted at `userId` and dated now, serialised as FusionAuth would send it. */
export function eventBody(name: string, userId: string, overrides: Record<string, unknown> = {}): string {
  const fixture = JSON.parse(readFileSync(new URL(name, EVENTS), 'utf8')) as { event: Record<string, unknown> };
  const event = { ...fixture.event };
  event.id = randomUUID();
  event.createInstant = Date.now();
  if (event.user) event.user = { ...event.user, id: userId };
  if (event.userId) event.userId = userId;
  return JSON.stringify({ event: { ...event, ...overrides } });
}

/** The X-FusionAuth-Signature-JWT FusionAuth would send for `body`: HS256 over its SHA-256. */
export async function signWebhookBody(body: string, secret: string = DEV_FUSIONAUTH.webhookSecret): Promise<string> {
  return new SignJWT({ request_body_sha256: createHash('sha256').update(body).digest('base64') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: 'k' })
    .sign(new TextEncoder().encode(secret));
}

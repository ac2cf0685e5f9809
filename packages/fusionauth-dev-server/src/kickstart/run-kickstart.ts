/**
 * Applies a kickstart to an empty state, as FusionAuth does on first start: stores the API keys, then
 * sends each request, in order, to the server's own API with the first key. An endpoint the dev server
 * does not implement is logged as skipped; any other failure stops the start with the server's answer.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { UNSUPPORTED_CODE } from '../api/unsupported.ts';
import { stateOf, type DevServerContext } from '../context.ts';
import type { Kickstart } from './load-kickstart.ts';

export interface KickstartResult {
  apiKey: string | undefined;
  applicationId: string | undefined;
  skipped: string[];
}

/** Runs the kickstart's API keys and requests. */
export async function runKickstart(
  app: FastifyInstance,
  context: DevServerContext,
  kickstart: Kickstart,
  log: (message: string) => void,
): Promise<KickstartResult> {
  const state = stateOf(context);
  for (const apiKey of kickstart.apiKeys) {
    const id = randomUUID();
    state.apiKeys[id] = { id, ...apiKey, insertInstant: context.now() };
  }
  context.store.changed();
  const apiKey = kickstart.apiKeys[0]?.key;
  if (!apiKey && kickstart.requests.length > 0)
    throw new Error('Kickstart: requests need at least one entry in apiKeys');

  const before = new Set(Object.keys(state.applications));
  let applicationId: string | undefined;
  const skipped: string[] = [];
  for (const [index, request] of kickstart.requests.entries()) {
    const headers: Record<string, string> = { authorization: apiKey ?? '' };
    if (request.tenantId) headers['x-fusionauth-tenantid'] = request.tenantId;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const response = await app.inject({
      method: request.method,
      url: request.url,
      headers,
      ...(request.body !== undefined ? { payload: JSON.stringify(request.body) } : {}),
    });
    const label = `${request.method} ${request.url}`;
    if (response.statusCode === 404 && response.body.includes(UNSUPPORTED_CODE)) {
      skipped.push(label);
      log(`kickstart: skipped request #${index + 1} ${label} (not supported by the dev server)`);
    } else if (response.statusCode < 200 || response.statusCode > 299) {
      throw new Error(`Kickstart request #${index + 1} ${label} failed with ${response.statusCode}: ${response.body}`);
    }
    applicationId ??= Object.keys(state.applications).find((id) => !before.has(id));
  }
  return { apiKey, applicationId, skipped };
}

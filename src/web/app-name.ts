/**
 * The application's name in every page. The same code runs as several applications of one tenant
 * (APP_NAME, e.g. "Acme Account" and "Acme Billing"), and views are plain functions with no config,
 * so the layout marks where the name goes and one hook writes it into each HTML answer.
 */
import type { FastifyInstance } from 'fastify';
import { escapeHtml } from './html.ts';

/** Where the layout puts the name: a comment, which no escaped value can ever spell. */
export const APP_NAME_SLOT = '<!--app-name-->';

/** Fills {@link APP_NAME_SLOT} with `appName` in every text/html answer of `app`. */
export function registerAppName(app: FastifyInstance, appName: string): void {
  const escaped = escapeHtml(appName);
  app.addHook('onSend', async (_request, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (typeof payload !== 'string' || typeof type !== 'string' || !type.startsWith('text/html')) return payload;
    return payload.replaceAll(APP_NAME_SLOT, escaped);
  });
}

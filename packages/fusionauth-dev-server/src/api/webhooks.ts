/**
 * Webhook API (https://fusionauth.io/docs/apis/webhooks): `POST /api/webhook[/{webhookId}]` creates, `PUT` replaces,
 * `PATCH` merges, `GET` retrieves one or all, `DELETE` removes. Delivery (webhooks/delivery.ts) starts
 * with the routes and stops when the server closes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { DevServerContext } from '../context.ts';
import { deleteWebhook, findWebhook, listWebhooks, saveWebhook } from '../domain/webhooks.ts';
import { requireApiKey } from '../http/auth.ts';
import { bodyObject, bodyPart } from '../http/body.ts';
import { ErrorCollector, fieldError, sendEmpty, sendErrors } from '../http/errors.ts';
import { checkUuidParam } from '../http/params.ts';
import { applyPatch } from '../http/patch.ts';
import type { JsonObject, StoredWebhook } from '../state/model.ts';
import { startWebhookDelivery } from '../webhooks/delivery.ts';
import { webhookView } from '../webhooks/webhook-record.ts';

interface WebhookGeneric {
  Params: { webhookId?: string };
}
type WebhookRoute = FastifyRequest<WebhookGeneric>;

const MISSING = fieldError(
  'webhook',
  'missing',
  'Your request is missing the Webhook information as JSON in the entity-body.',
);

/** Registers the Webhook API routes and delivers events to the webhooks they configure. */
export function registerWebhookRoutes(app: FastifyInstance, context: DevServerContext): void {
  const apiKey = { onRequest: requireApiKey(context) };
  const delivery = startWebhookDelivery(context, { log: (message) => app.log.warn(message) });
  app.addHook('onClose', () => delivery.close());

  const save = (reply: FastifyReply, id: string, input: JsonObject, previous?: StoredWebhook) => {
    const errors = new ErrorCollector();
    const webhook = saveWebhook(context, id, input, errors, previous);
    if (!webhook) return sendErrors(reply, errors.toErrors());
    return reply.send({ webhook: webhookView(webhook) });
  };

  /** The webhook named in the path, or null once a 400/404 has been sent. */
  const existing = (request: WebhookRoute, reply: FastifyReply): StoredWebhook | null => {
    const id = request.params.webhookId ?? '';
    if (!checkUuidParam(reply, 'webhookId', id)) return null;
    const webhook = findWebhook(context, id);
    if (!webhook) sendEmpty(reply, 404);
    return webhook ?? null;
  };

  const create = async (request: WebhookRoute, reply: FastifyReply) => {
    const id = request.params.webhookId ?? randomUUID();
    if (!checkUuidParam(reply, 'webhookId', id)) return reply;
    if (findWebhook(context, id))
      return sendErrors(reply, fieldError('webhookId', 'duplicate', `A Webhook with Id [${id}] already exists.`));
    const input = bodyPart(request.body, 'webhook');
    return input ? save(reply, id, input) : sendErrors(reply, MISSING);
  };
  app.post<WebhookGeneric>('/api/webhook', apiKey, create);
  app.post<WebhookGeneric>('/api/webhook/:webhookId', apiKey, create);

  app.put('/api/webhook/:webhookId', apiKey, async (request: WebhookRoute, reply) => {
    const webhook = existing(request, reply);
    if (!webhook) return reply;
    const input = bodyPart(request.body, 'webhook');
    return input ? save(reply, webhook.id, input, webhook) : sendErrors(reply, MISSING);
  });

  app.patch('/api/webhook/:webhookId', apiKey, async (request: WebhookRoute, reply) => {
    const webhook = existing(request, reply);
    if (!webhook) return reply;
    const merged = bodyPart(
      applyPatch(request, { webhook: webhookView(webhook) }, bodyObject(request.body)),
      'webhook',
    );
    return save(reply, webhook.id, merged ?? {}, webhook);
  });

  app.get('/api/webhook', apiKey, async (_request, reply) =>
    reply.send({ webhooks: listWebhooks(context).map(webhookView) }),
  );

  app.get('/api/webhook/:webhookId', apiKey, async (request: WebhookRoute, reply) => {
    const webhook = existing(request, reply);
    return webhook ? reply.send({ webhook: webhookView(webhook) }) : reply;
  });

  app.delete('/api/webhook/:webhookId', apiKey, async (request: WebhookRoute, reply) => {
    const webhook = existing(request, reply);
    if (!webhook) return reply;
    deleteWebhook(context, webhook);
    return sendEmpty(reply, 200);
  });
}

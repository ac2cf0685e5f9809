/**
 * Email Template API (https://fusionauth.io/docs/apis/emails): create (`POST /api/email/template[/{id}]`) and retrieve
 * (`GET /api/email/template/{id}`). Enough for a kickstart to set up the forgot-password and
 * verification emails whose links point at the app.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findEmailTemplate, saveEmailTemplate } from '../domain/email-templates.ts';
import { isUuid } from '../domain/lookup.ts';
import { requireApiKey } from '../http/auth.ts';
import { bodyPart } from '../http/body.ts';
import { ErrorCollector, sendEmpty, sendErrors } from '../http/errors.ts';
import { checkUuidParam } from '../http/params.ts';
import type { EmailTemplate, Json } from '../state/model.ts';

type TemplateRoute = FastifyRequest<{ Params: { templateId?: string } }>;

function text(value: Json | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Registers the Email Template API routes. */
export function registerEmailTemplateRoutes(app: FastifyInstance, context: DevServerContext): void {
  const apiKey = { onRequest: requireApiKey(context) };

  const create = async (request: TemplateRoute, reply: FastifyReply) => {
    const id = request.params.templateId ?? randomUUID();
    if (!checkUuidParam(reply, 'emailTemplateId', id)) return reply;
    const input = bodyPart(request.body, 'emailTemplate') ?? {};
    const errors = new ErrorCollector();
    if (findEmailTemplate(context, id))
      errors.field('emailTemplate.id', 'duplicate', `An Email Template with Id [${id}] already exists.`);
    for (const field of ['name', 'defaultSubject', 'defaultHtmlTemplate', 'defaultTextTemplate'] as const) {
      if (!text(input[field]))
        errors.field(`emailTemplate.${field}`, 'blank', `You must specify the [emailTemplate.${field}] property.`);
    }
    if (!errors.empty) return sendErrors(reply, errors.toErrors());
    const now = context.now();
    const template: EmailTemplate = {
      id,
      name: text(input.name) ?? '',
      defaultSubject: text(input.defaultSubject) ?? '',
      defaultHtmlTemplate: text(input.defaultHtmlTemplate) ?? '',
      defaultTextTemplate: text(input.defaultTextTemplate) ?? '',
      ...(text(input.fromEmail) ? { fromEmail: text(input.fromEmail) } : {}),
      insertInstant: now,
      lastUpdateInstant: now,
    };
    saveEmailTemplate(context, template);
    return reply.send({ emailTemplate: template });
  };
  app.post<{ Params: { templateId?: string } }>('/api/email/template', apiKey, create);
  app.post<{ Params: { templateId?: string } }>('/api/email/template/:templateId', apiKey, create);

  app.get('/api/email/template/:templateId', apiKey, async (request: TemplateRoute, reply) => {
    const id = request.params.templateId ?? '';
    const template = isUuid(id) ? findEmailTemplate(context, id) : undefined;
    return template ? reply.send({ emailTemplate: template }) : sendEmpty(reply, 404);
  });
}

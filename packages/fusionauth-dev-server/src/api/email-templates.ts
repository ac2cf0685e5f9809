/**
 * Email Template API (https://fusionauth.io/docs/apis/emails): create (`POST /api/email/template[/{id}]`), retrieve one
 * or all, update (`PUT` replaces, `PATCH` merges), delete (refused while a tenant or application names the template)
 * and preview (`POST /api/email/template/preview`: the template rendered with sample values).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import {
  buildEmailTemplate,
  deleteEmailTemplate,
  emailTemplateUsers,
  findEmailTemplate,
  listEmailTemplates,
  saveEmailTemplate,
} from '../domain/email-templates.ts';
import { requireApiKey } from '../http/auth.ts';
import { bodyObject, bodyPart } from '../http/body.ts';
import { ErrorCollector, fieldError, sendEmpty, sendErrors } from '../http/errors.ts';
import { checkUuidParam } from '../http/params.ts';
import { applyPatch } from '../http/patch.ts';
import { previewEmail } from '../mailbox/templates.ts';
import type { EmailTemplate, JsonObject } from '../state/model.ts';

interface TemplateGeneric {
  Params: { templateId?: string };
}
type TemplateRoute = FastifyRequest<TemplateGeneric>;

const MISSING = fieldError(
  'emailTemplate',
  'missing',
  'Your request is missing the Email Template information as JSON in the entity-body.',
);

/** The template as the API answers it: the record, which holds no secret. */
function templateView(template: EmailTemplate): JsonObject {
  return { ...template };
}

/** Registers the Email Template API routes. */
export function registerEmailTemplateRoutes(app: FastifyInstance, context: DevServerContext): void {
  const apiKey = { onRequest: requireApiKey(context) };
  const save = (reply: FastifyReply, id: string, input: JsonObject, previous?: EmailTemplate) => {
    const errors = new ErrorCollector();
    const template = buildEmailTemplate(id, input, context.now(), errors, previous);
    if (!template) return sendErrors(reply, errors.toErrors());
    saveEmailTemplate(context, template);
    return reply.send({ emailTemplate: templateView(template) });
  };
  const existing = (request: TemplateRoute, reply: FastifyReply): EmailTemplate | null => {
    const id = request.params.templateId ?? '';
    if (!checkUuidParam(reply, 'emailTemplateId', id)) return null;
    const template = findEmailTemplate(context, id);
    if (!template) sendEmpty(reply, 404);
    return template ?? null;
  };

  const create = async (request: TemplateRoute, reply: FastifyReply) => {
    const id = request.params.templateId ?? randomUUID();
    if (!checkUuidParam(reply, 'emailTemplateId', id)) return reply;
    if (findEmailTemplate(context, id)) {
      return sendErrors(
        reply,
        fieldError('emailTemplateId', 'duplicate', `An Email Template with Id [${id}] already exists.`),
      );
    }
    return save(reply, id, bodyPart(request.body, 'emailTemplate') ?? {});
  };
  app.post<TemplateGeneric>('/api/email/template', apiKey, create);
  app.post('/api/email/template/preview', apiKey, async (request, reply) => {
    const input = bodyPart(request.body, 'emailTemplate');
    if (!input) return sendErrors(reply, MISSING);
    const errors = new ErrorCollector();
    const template = buildEmailTemplate(randomUUID(), input, context.now(), errors);
    if (!template) return sendErrors(reply, errors.toErrors());
    const locale = bodyObject(request.body).locale;
    return reply.send({ email: previewEmail(template, typeof locale === 'string' ? locale : undefined) });
  });
  app.post<TemplateGeneric>('/api/email/template/:templateId', apiKey, create);

  app.get('/api/email/template', apiKey, async (_request, reply) =>
    reply.send({ emailTemplates: listEmailTemplates(context).map(templateView) }),
  );
  app.get('/api/email/template/:templateId', apiKey, async (request: TemplateRoute, reply) => {
    const template = existing(request, reply);
    return template ? reply.send({ emailTemplate: templateView(template) }) : reply;
  });
  app.put('/api/email/template/:templateId', apiKey, async (request: TemplateRoute, reply) => {
    const template = existing(request, reply);
    if (!template) return reply;
    const input = bodyPart(request.body, 'emailTemplate');
    return input ? save(reply, template.id, input, template) : sendErrors(reply, MISSING);
  });
  app.patch('/api/email/template/:templateId', apiKey, async (request: TemplateRoute, reply) => {
    const template = existing(request, reply);
    if (!template) return reply;
    const merged = applyPatch(request, { emailTemplate: templateView(template) }, bodyObject(request.body));
    return save(reply, template.id, bodyPart(merged, 'emailTemplate') ?? {}, template);
  });
  app.delete('/api/email/template/:templateId', apiKey, async (request: TemplateRoute, reply) => {
    const template = existing(request, reply);
    if (!template) return reply;
    const users = emailTemplateUsers(context, template.id);
    if (users.length > 0) {
      return sendErrors(
        reply,
        fieldError(
          'emailTemplateId',
          'inUse',
          `The Email Template with Id [${template.id}] is in use by [${users.join(', ')}] and cannot be deleted.`,
        ),
      );
    }
    deleteEmailTemplate(context, template);
    return sendEmpty(reply, 200);
  });
}

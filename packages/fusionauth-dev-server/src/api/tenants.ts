/**
 * Tenant API (https://fusionauth.io/docs/apis/tenants): create, retrieve, and update (PUT replaces, PATCH merges). The
 * theme, keys and email templates a tenant names must exist (domain/references.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { DevServerContext } from '../context.ts';
import { buildTenant, findTenant, listTenants, saveTenant, tenantDefaultKeyId } from '../domain/tenants.ts';
import { checkTenantReferences } from '../domain/references.ts';
import { tenantView } from '../domain/views.ts';
import { requireApiKey } from '../http/auth.ts';
import { bodyObject, bodyPart } from '../http/body.ts';
import { ErrorCollector, fieldError, sendEmpty, sendErrors } from '../http/errors.ts';
import { checkUuidParam } from '../http/params.ts';
import { applyPatch } from '../http/patch.ts';
import type { JsonObject, StoredTenant } from '../state/model.ts';

interface TenantGeneric {
  Params: { tenantId?: string };
}
type TenantRoute = FastifyRequest<TenantGeneric>;

const MISSING = fieldError(
  'tenant',
  'missing',
  'Your request is missing the Tenant information as JSON in the entity-body.',
);

/** Registers the Tenant API routes. */
export function registerTenantRoutes(app: FastifyInstance, context: DevServerContext): void {
  const apiKey = { onRequest: requireApiKey(context) };
  const save = (reply: FastifyReply, id: string, input: JsonObject, previous?: StoredTenant) => {
    const errors = new ErrorCollector();
    checkTenantReferences(context, input, errors);
    const tenant = buildTenant(id, input, tenantDefaultKeyId(context), errors, previous);
    if (!tenant) return sendErrors(reply, errors.toErrors());
    saveTenant(context, tenant);
    return reply.send({ tenant: tenantView(tenant) });
  };
  const existing = (request: TenantRoute, reply: FastifyReply): StoredTenant | null => {
    const id = request.params.tenantId ?? '';
    if (!checkUuidParam(reply, 'tenantId', id)) return null;
    const tenant = findTenant(context, id);
    if (!tenant) sendEmpty(reply, 404);
    return tenant ?? null;
  };

  const create = async (request: TenantRoute, reply: FastifyReply) => {
    const id = request.params.tenantId ?? randomUUID();
    if (!checkUuidParam(reply, 'tenantId', id)) return reply;
    if (findTenant(context, id))
      return sendErrors(reply, fieldError('tenantId', 'duplicate', `A Tenant with Id [${id}] already exists.`));
    const input = bodyPart(request.body, 'tenant');
    return input ? save(reply, id, input) : sendErrors(reply, MISSING);
  };
  app.post<TenantGeneric>('/api/tenant', apiKey, create);
  app.post<TenantGeneric>('/api/tenant/:tenantId', apiKey, create);

  app.get('/api/tenant', apiKey, async (_request, reply) =>
    reply.send({ tenants: listTenants(context).map(tenantView) }),
  );
  app.get('/api/tenant/:tenantId', apiKey, async (request: TenantRoute, reply) => {
    const tenant = existing(request, reply);
    return tenant ? reply.send({ tenant: tenantView(tenant) }) : reply;
  });
  app.put('/api/tenant/:tenantId', apiKey, async (request: TenantRoute, reply) => {
    const tenant = existing(request, reply);
    if (!tenant) return reply;
    const input = bodyPart(request.body, 'tenant');
    return input ? save(reply, tenant.id, input, tenant) : sendErrors(reply, MISSING);
  });
  app.patch('/api/tenant/:tenantId', apiKey, async (request: TenantRoute, reply) => {
    const tenant = existing(request, reply);
    if (!tenant) return reply;
    const merged = applyPatch(request, { tenant: tenantView(tenant) }, bodyObject(request.body));
    return save(reply, tenant.id, bodyPart(merged, 'tenant') ?? {}, tenant);
  });
}

/**
 * System Configuration API (https://fusionauth.io/docs/apis/system): retrieve, update (`PUT` replaces) and patch
 * (`PATCH` merges). Its `corsConfiguration` governs the CORS answers of the APIs and hosted pages (http/cors.ts).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { saveSystemConfiguration, systemConfiguration } from '../domain/system-configuration.ts';
import { requireApiKey } from '../http/auth.ts';
import { bodyObject, bodyPart } from '../http/body.ts';
import { ErrorCollector, fieldError, sendErrors } from '../http/errors.ts';
import { applyPatch } from '../http/patch.ts';
import type { JsonObject } from '../state/model.ts';

const MISSING = fieldError(
  'systemConfiguration',
  'missing',
  'Your request is missing the System Configuration information as JSON in the entity-body.',
);

/** Registers the System Configuration API routes. */
export function registerSystemConfigurationRoutes(app: FastifyInstance, context: DevServerContext): void {
  const apiKey = { onRequest: requireApiKey(context) };
  const save = (reply: FastifyReply, input: JsonObject) => {
    const errors = new ErrorCollector();
    const saved = saveSystemConfiguration(context, input, errors);
    return saved ? reply.send({ systemConfiguration: saved }) : sendErrors(reply, errors.toErrors());
  };

  app.get('/api/system-configuration', apiKey, async (_request, reply) =>
    reply.send({ systemConfiguration: systemConfiguration(context) }),
  );
  app.put('/api/system-configuration', apiKey, async (request, reply) => {
    const input = bodyPart(request.body, 'systemConfiguration');
    return input ? save(reply, input) : sendErrors(reply, MISSING);
  });
  app.patch('/api/system-configuration', apiKey, async (request, reply) => {
    const current = { systemConfiguration: systemConfiguration(context) };
    const merged = applyPatch(request, current, bodyObject(request.body));
    return save(reply, bodyPart(merged, 'systemConfiguration') ?? {});
  });
}

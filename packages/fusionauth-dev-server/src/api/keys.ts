/**
 * Key Master API (https://fusionauth.io/docs/apis/keys): `POST /api/key/generate[/{keyId}]` (RSA, EC and HMAC here),
 * `POST /api/key/import[/{keyId}]` (HMAC secrets here), and retrieve one or all. Responses carry the
 * public key only, or an HMAC key's secret.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { DevServerContext } from '../context.ts';
import { findKey, listKeys, saveKey } from '../domain/keys.ts';
import { keyView } from '../domain/views.ts';
import { requireApiKey } from '../http/auth.ts';
import { bodyPart } from '../http/body.ts';
import { ErrorCollector, fieldError, sendEmpty, sendErrors } from '../http/errors.ts';
import { checkUuidParam } from '../http/params.ts';
import {
  generateSigningKey,
  hmacSigningKey,
  isHmacAlgorithm,
  isSupportedKeyAlgorithm,
  SUPPORTED_KEY_ALGORITHMS,
} from '../tokens/signing-keys.ts';

interface KeyGeneric {
  Params: { keyId?: string };
}
type KeyRoute = FastifyRequest<KeyGeneric>;

/** Registers the Key API routes. */
export function registerKeyRoutes(app: FastifyInstance, context: DevServerContext): void {
  const apiKey = { onRequest: requireApiKey(context) };
  const generate = async (request: KeyRoute, reply: FastifyReply) => {
    const draft = readNewKey(context, request, reply);
    if (!draft) return reply;
    const { id, input, errors, name, algorithm } = draft;
    const length = typeof input.length === 'number' ? input.length : 2048;
    if (!isSupportedKeyAlgorithm(algorithm)) {
      errors.field(
        'key.algorithm',
        'invalid',
        `The [key.algorithm] property must be one of ${SUPPORTED_KEY_ALGORITHMS.join(', ')} on the dev server.`,
      );
    }
    if (algorithm.startsWith('RS') && (length < 2048 || length > 4096)) {
      errors.field('key.length', 'invalid', 'The [key.length] property must be 2048, 3072 or 4096.');
    }
    if (!errors.empty || !isSupportedKeyAlgorithm(algorithm)) return sendErrors(reply, errors.toErrors());
    const key = await generateSigningKey(id, name, algorithm, length);
    saveKey(context, key);
    return reply.send({ key: keyView(key) });
  };
  app.post<KeyGeneric>('/api/key/generate', apiKey, generate);
  app.post<KeyGeneric>('/api/key/generate/:keyId', apiKey, generate);

  const importKey = async (request: KeyRoute, reply: FastifyReply) => {
    const draft = readNewKey(context, request, reply);
    if (!draft) return reply;
    const { id, input, errors, name, algorithm } = draft;
    const secret = typeof input.secret === 'string' ? input.secret : '';
    if (!isHmacAlgorithm(algorithm)) {
      errors.field(
        'key.algorithm',
        'invalid',
        'The dev server imports HMAC keys only: [key.algorithm] must be HS256, HS384 or HS512.',
      );
    } else if (secret === '') {
      errors.field('key.secret', 'blank', 'You must specify the [key.secret] property when importing an HMAC key.');
    }
    if (!errors.empty || !isHmacAlgorithm(algorithm)) return sendErrors(reply, errors.toErrors());
    const key = hmacSigningKey(id, name, algorithm, secret);
    saveKey(context, key);
    return reply.send({ key: keyView(key) });
  };
  app.post<KeyGeneric>('/api/key/import', apiKey, importKey);
  app.post<KeyGeneric>('/api/key/import/:keyId', apiKey, importKey);

  app.get('/api/key', apiKey, async (_request, reply) => reply.send({ keys: listKeys(context).map(keyView) }));
  app.get('/api/key/:keyId', apiKey, async (request: KeyRoute, reply) => {
    const id = request.params.keyId ?? '';
    if (!checkUuidParam(reply, 'keyId', id)) return reply;
    const key = findKey(context, id);
    return key ? reply.send({ key: keyView(key) }) : sendEmpty(reply, 404);
  });
}

/**
 * What generate and import share: a free key id (from the path or new), the `key` body, its name
 * (required) and algorithm. Null when the answer was already sent (a bad or taken id).
 */
function readNewKey(context: DevServerContext, request: KeyRoute, reply: FastifyReply) {
  const id = request.params.keyId ?? randomUUID();
  if (!checkUuidParam(reply, 'keyId', id)) return null;
  if (findKey(context, id)) {
    sendErrors(reply, fieldError('keyId', 'duplicate', `A Key with Id [${id}] already exists.`));
    return null;
  }
  const input = bodyPart(request.body, 'key') ?? {};
  const errors = new ErrorCollector();
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  const algorithm = typeof input.algorithm === 'string' ? input.algorithm : '';
  if (name === '') errors.field('key.name', 'blank', 'You must specify the [key.name] property.');
  return { id, input, errors, name, algorithm };
}

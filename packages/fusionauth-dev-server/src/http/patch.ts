/**
 * PATCH semantics (https://fusionauth.io/docs/apis/#the-patch-http-method): with `application/json` the body is merged into the
 * current object, arrays appended and `null` removing a value; with `application/merge-patch+json`
 * it is RFC 7396 (arrays replaced). RFC 6902 JSON Patch is not supported here.
 */
import type { FastifyRequest } from 'fastify';
import type { Json, JsonObject } from '../state/model.ts';
import { FusionAuthValidationError, generalError } from './errors.ts';

function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function merge(target: JsonObject, patch: JsonObject, appendArrays: boolean): JsonObject {
  const result: JsonObject = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    const current = result[key];
    if (value === null) delete result[key];
    else if (isObject(value) && isObject(current)) result[key] = merge(current, value, appendArrays);
    else if (appendArrays && Array.isArray(value) && Array.isArray(current)) result[key] = [...current, ...value];
    else result[key] = value;
  }
  return result;
}

/** Applies a PATCH request body to the current request-shaped object (e.g. `{user:{…}}`). */
export function applyPatch(request: FastifyRequest, current: JsonObject, patch: JsonObject): JsonObject {
  const type = request.headers['content-type'] ?? '';
  if (type.startsWith('application/json-patch+json')) {
    throw new FusionAuthValidationError(
      generalError(
        '[invalid]',
        'The dev server does not support RFC 6902 JSON Patch; use application/json or application/merge-patch+json.',
      ),
    );
  }
  return merge(current, patch, !type.startsWith('application/merge-patch+json'));
}

/**
 * Derives test/fixtures/fusionauth-openapi.json from FusionAuth's public OpenAPI spec
 * (https://github.com/FusionAuth/fusionauth-openapi, file openapi.yaml): for every operation its method, path,
 * parameters, request body schema name, and the names of its success and error response schemas; then only
 * the schemas those responses reach, trimmed to what validation needs (no descriptions or examples).
 *
 *   git clone https://github.com/FusionAuth/fusionauth-openapi /tmp/fusionauth-openapi
 *   npm run openapi:fixture -w fusionauth-dev-server -- /tmp/fusionauth-openapi/openapi.yaml \
 *     "$(git -C /tmp/fusionauth-openapi rev-parse HEAD)"
 *
 * then `npm run openapi:count -w fusionauth-dev-server`, since the README's count depends on the spec.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const SPEC_REF = '#/components/schemas/';
const FIXTURE_REF = '#/definitions/';
/** The keywords a response check needs; the rest (description, example) is prose. */
const KEPT_KEYWORDS = new Set(['type', 'properties', 'items', 'additionalProperties', 'enum', '$ref', 'pattern']);

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function schemaName(schema: Json | undefined): string | null {
  if (!isObject(schema) || typeof schema.$ref !== 'string') return null;
  return schema.$ref.slice(SPEC_REF.length);
}

function jsonSchemaOf(response: Json | undefined): string | null {
  if (!isObject(response) || !isObject(response.content)) return null;
  const json = response.content['application/json'];
  return isObject(json) ? schemaName(json.schema) : null;
}

/**
 * One schema, trimmed and closed: every object with `properties` gets `additionalProperties: false`, so a field
 * the spec does not define fails validation. A bare `{"type":"object"}` is how the spec writes Java's `Object`
 * (a map value of any JSON type), so it becomes `{}`; `properties: {}` is how it writes a Java `Map` (the Status,
 * Userinfo and Introspect responses), which stays open. Only `uuid` survives of the formats: the others
 * (`int64`, `double`, `URI`, `binary`) are Java types, not JSON Schema formats.
 */
function trimSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(trimSchema);
  if (!isObject(schema)) return schema;
  const keys = Object.keys(schema).filter((key) => KEPT_KEYWORDS.has(key) || key === 'format');
  if (schema.type === 'object' && keys.length === 1) return {};
  const trimmed: JsonObject = {};
  for (const key of keys) {
    const value = schema[key] as Json;
    if (key === 'format') {
      if (value === 'uuid') trimmed.format = value;
    } else if (key === '$ref' && typeof value === 'string') trimmed.$ref = FIXTURE_REF + value.slice(SPEC_REF.length);
    else if (key === 'properties' && isObject(value))
      trimmed.properties = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, trimSchema(sub)]));
    else trimmed[key] = trimSchema(value);
  }
  const defined = isObject(trimmed.properties) && Object.keys(trimmed.properties).length > 0;
  if (defined && trimmed.additionalProperties === undefined) trimmed.additionalProperties = false;
  return trimmed;
}

/**
 * Where the spec describes FusionAuth's Java classes rather than their JSON, the JSON as FusionAuth sends it.
 * `Errors.fieldErrors` maps a field to its errors (https://fusionauth.io/docs/apis/errors), not an array; a
 * `JWT`'s `otherClaims` are its other claims, serialized beside `sub` and `exp` (the JWT's claims, as
 * https://fusionauth.io/docs/apis/jwt#validate-a-jwt shows them). A `ZoneId` is any IANA time zone name (the
 * spec's pattern `^w+/w+$` lost its backslashes, and `UTC` or `America/Argentina/Buenos_Aires` would not fit it).
 */
function correctSchema(name: string, schema: Json): Json {
  if (name === 'ZoneId') return { type: 'string' };
  if (!isObject(schema) || !isObject(schema.properties)) return schema;
  if (name === 'Errors') {
    const errors = { type: 'array', items: { $ref: `${FIXTURE_REF}Error` } };
    return {
      ...schema,
      properties: { ...schema.properties, fieldErrors: { type: 'object', additionalProperties: errors } },
    };
  }
  if (name === 'JWT') {
    const claims = Object.fromEntries(Object.entries(schema.properties).filter(([name]) => name !== 'otherClaims'));
    return { ...schema, properties: claims, additionalProperties: {} };
  }
  return schema;
}

/** The names of every schema `roots` reach through `$ref`, themselves included. */
function reachableSchemas(all: JsonObject, roots: string[]): string[] {
  const seen = new Set<string>();
  const visit = (value: Json | undefined): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) {
      const name = schemaName(value);
      if (name !== null && !seen.has(name)) {
        seen.add(name);
        visit(all[name]);
      }
      Object.values(value).forEach(visit);
    }
  };
  roots.forEach((name) => visit({ $ref: SPEC_REF + name }));
  return [...seen].sort();
}

function parameterNames(parameters: Json | undefined, location: string, requiredOnly: boolean): string[] {
  if (!Array.isArray(parameters)) return [];
  return parameters
    .filter(isObject)
    .filter((parameter) => parameter.in === location && (!requiredOnly || parameter.required === true))
    .map((parameter) => text(parameter.name));
}

function deriveOperations(paths: JsonObject): JsonObject[] {
  const operations: JsonObject[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const responses = isObject(operation.responses) ? operation.responses : {};
      const requestBody = isObject(operation.requestBody) ? operation.requestBody : undefined;
      const bearer = Array.isArray(operation.security) && JSON.stringify(operation.security).includes('BearerAuth');
      operations.push({
        operationId: text(operation.operationId),
        method: method.toUpperCase(),
        path,
        pathParameters: parameterNames(operation.parameters, 'path', false),
        queryParameters: parameterNames(operation.parameters, 'query', false),
        requiredQueryParameters: parameterNames(operation.parameters, 'query', true),
        headerParameters: parameterNames(operation.parameters, 'header', false),
        authorization: bearer ? 'bearer' : 'apiKey',
        requestBody: jsonSchemaOf(requestBody),
        successResponse: jsonSchemaOf(responses['200']),
        errorResponse: jsonSchemaOf(responses.default),
      });
    }
  }
  return operations;
}

const [specFile, commit] = process.argv.slice(2);
if (!specFile || !commit) {
  console.error('usage: tsx scripts/derive-openapi-fixture.ts <openapi.yaml> <commit of fusionauth-openapi>');
  process.exit(2);
}
const spec = parse(readFileSync(specFile, 'utf8')) as JsonObject;
const info = isObject(spec.info) ? spec.info : {};
const components = isObject(spec.components) && isObject(spec.components.schemas) ? spec.components.schemas : {};
const operations = deriveOperations(isObject(spec.paths) ? spec.paths : {});
const roots = operations.flatMap((operation) =>
  [operation.successResponse, operation.errorResponse].filter((name) => typeof name === 'string'),
);
const definitions = Object.fromEntries(
  reachableSchemas(components, roots).map((name) => [name, correctSchema(name, trimSchema(components[name] ?? {}))]),
);
const fixture = {
  about:
    "Every operation of FusionAuth's OpenAPI spec and the response schemas they reach, derived by scripts/derive-openapi-fixture.ts (objects closed: a field the spec does not define fails validation).",
  source: {
    repository: 'https://github.com/FusionAuth/fusionauth-openapi',
    file: 'openapi.yaml',
    commit,
    version: text(info.version),
  },
  operations,
  definitions,
};
const output = new URL('../test/fixtures/fusionauth-openapi.json', import.meta.url);
writeFileSync(output, `${JSON.stringify(fixture, null, 1)}\n`);
console.log(`${operations.length} operations, ${Object.keys(definitions).length} schemas → ${output.pathname}`);

/**
 * FusionAuth's OpenAPI spec as the fixture derived from it (scripts/derive-openapi-fixture.ts), and the check of
 * one answer against it: FusionAuth-shaped (the body valid against the operation's response schema, with no field
 * the spec does not define), the dev server's 404 `[UnsupportedEndpoint]`, or a mismatch saying why.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

/** One operation of the spec, as the fixture lists it. */
export interface SpecOperation {
  operationId: string;
  method: string;
  /** The path template, e.g. `/api/user/{userId}`. */
  path: string;
  pathParameters: string[];
  queryParameters: string[];
  requiredQueryParameters: string[];
  /** Headers it takes, e.g. `X-FusionAuth-TenantId`. */
  headerParameters: string[];
  /** How the spec authorizes it: the API key, or a JWT as a bearer token. */
  authorization: 'apiKey' | 'bearer';
  requestBody: string | null;
  /** The schema of a 2xx body; `null` when the spec defines none (the answer has no body). */
  successResponse: string | null;
  /** The schema of an error body; `null` when the spec names none (FusionAuth's `Errors` is checked then). */
  errorResponse: string | null;
}

interface SpecFixture {
  source: { repository: string; file: string; commit: string; version: string };
  operations: SpecOperation[];
  definitions: Record<string, unknown>;
}

export const OPENAPI_SPEC = JSON.parse(
  readFileSync(new URL('../fixtures/fusionauth-openapi.json', import.meta.url), 'utf8'),
) as SpecFixture;

const SCHEMA_ID = 'fusionauth-openapi';
const UNSUPPORTED_CODE = '[UnsupportedEndpoint]';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addFormat('uuid', UUID);
ajv.addSchema({ $id: SCHEMA_ID, definitions: OPENAPI_SPEC.definitions });
const validators = new Map<string, ValidateFunction>();

function validatorFor(schemaName: string): ValidateFunction {
  let validate = validators.get(schemaName);
  if (!validate) {
    validate = ajv.compile({ $ref: `${SCHEMA_ID}#/definitions/${schemaName}` });
    validators.set(schemaName, validate);
  }
  return validate;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** What one answer shows about an operation. */
export type Verdict =
  | { kind: 'unsupported' }
  | { kind: 'supported'; status: number }
  | { kind: 'mismatch'; status: number; reason: string };

/** Checks an answer of the dev server to `operation`, sent to `path` (the template filled in). */
export function checkAnswer(
  operation: SpecOperation,
  path: string,
  answer: { status: number; contentType: string; text: string },
): Verdict {
  const { status, text } = answer;
  const mismatch = (reason: string): Verdict => ({ kind: 'mismatch', status, reason });
  if (status >= 500) return mismatch(`a ${status}: ${text.slice(0, 200)}`);
  if (status === 404 && text.includes(UNSUPPORTED_CODE)) {
    const named = `${operation.method} ${path.split('?')[0]}`;
    return text.includes(named) ? { kind: 'unsupported' } : mismatch(`[UnsupportedEndpoint] without naming ${named}`);
  }
  if (text === '') return { kind: 'supported', status };
  const schemaName = status < 300 ? operation.successResponse : (operation.errorResponse ?? 'Errors');
  if (schemaName === null) return mismatch(`a body where the spec defines none: ${text.slice(0, 200)}`);
  if (!/^application\/json\b/.test(answer.contentType)) return mismatch(`a ${answer.contentType} body, not JSON`);
  const body = parseJson(text);
  if (body === undefined) return mismatch(`a body that is not JSON: ${text.slice(0, 200)}`);
  const validate = validatorFor(schemaName);
  if (!validate(body)) {
    const problems = (validate.errors ?? []).map((error) => {
      const extra = error.params.additionalProperty as string | undefined;
      return `${error.instancePath || '/'} ${extra === undefined ? error.message : `has ${extra}, which the spec does not define`}`;
    });
    return mismatch(`not a ${schemaName}: ${[...new Set(problems)].join('; ')}`);
  }
  return { kind: 'supported', status };
}

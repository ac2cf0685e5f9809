/**
 * Where the dev server stands against FusionAuth's whole API: every operation of FusionAuth's OpenAPI spec
 * (test/fixtures/fusionauth-openapi.json) is called on a kickstarted dev server (and again in the other states
 * openapi-variants.ts names, and on the objects the walk created). Each answer must be FusionAuth-shaped (no
 * 5xx; a body valid against the spec's response schema, with no field the spec does not define) or the dev
 * server's 404 `[UnsupportedEndpoint]`. The package README states the count and docs/openapi-coverage.md lists
 * the operations; `npm run openapi:count -w fusionauth-dev-server` rewrites both.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { isRealFusionAuth, startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { checkAnswer, OPENAPI_SPEC, type SpecOperation, type Verdict } from '../support/openapi-spec.ts';
import { send } from './contract.ts';
import { renderCoverage, statedCount, withCount } from './openapi-coverage.ts';
import { buildRequest, createdIdsFor, walkOrder, type Creations, type WalkRequest } from './openapi-requests.ts';
import { variantsOf } from './openapi-variants.ts';
import { prepareWorld, type WalkWorld } from './openapi-world.ts';

const README = new URL('../../README.md', import.meta.url);
const COVERAGE = new URL('../../docs/openapi-coverage.md', import.meta.url);

/** What FusionAuth's official TypeScript client calls beyond the spec (its "retrieve all" reads, among others). */
const CLIENT_ONLY_ROUTES = (
  JSON.parse(readFileSync(new URL('../fixtures/fusionauth-api-routes.json', import.meta.url), 'utf8')) as {
    routes: [method: string, path: string][];
  }
).routes;

interface Walked {
  operation: SpecOperation;
  path: string;
  verdict: Verdict;
}
/** One per operation of the spec, its first answer; then the answers of the other states it was called in. */
const verdicts: Walked[] = [];
const variantVerdicts: Walked[] = [];
let target: FusionAuthTarget;

async function call(operation: SpecOperation, request: WalkRequest): Promise<Verdict> {
  const headers: Record<string, string> = {};
  if (request.authorization !== null) headers.authorization = request.authorization;
  if (request.tenantId !== undefined) headers['x-fusionauth-tenantid'] = request.tenantId;
  let body: string | undefined;
  if (request.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(request.form).toString();
  } else if (request.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.body);
  }
  const response = await fetch(`${target.url}${request.path}`, { method: operation.method, headers, body });
  const text = await response.text();
  return checkAnswer(operation, request.path, {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text,
  });
}

const devServerOnly = {
  skip: isRealFusionAuth() && 'walks every operation, creating and deleting objects: a check of the dev server',
};

/**
 * Calls `operation` and notes what the walk creates. Its first call counts, and is followed by its other states
 * where the dev server has it; a call `again` (a read of the walk's own object) only adds an answer to check.
 */
async function walk(
  operation: SpecOperation,
  { world, created }: { world: WalkWorld; created: Creations },
  { createdIds, again = false }: { createdIds?: Record<string, string> | undefined; again?: boolean } = {},
): Promise<void> {
  const request = buildRequest(operation, world, created, createdIds);
  const verdict = await call(operation, request);
  (again ? variantVerdicts : verdicts).push({ operation, path: request.path, verdict });
  if (request.creates && verdict.kind === 'supported' && verdict.status < 300)
    created.set(operation.path, request.creates);
  if (verdict.kind === 'unsupported' || again) return;
  for (const variant of variantsOf(operation, world))
    variantVerdicts.push({ operation, path: variant.path, verdict: await call(operation, variant) });
}

/** Reads, creations, reads of what was created, then changes and deletions of the walk's own objects. */
before(async () => {
  if (isRealFusionAuth()) return;
  // The kickstart's webhook and links point at APP_URL: the discard port, so no app on this machine gets its events.
  target = await startFusionAuthTarget({ env: { APP_URL: 'http://127.0.0.1:9' } });
  const walking = { world: await prepareWorld(target), created: new Map() as Creations };
  const operations = walkOrder(OPENAPI_SPEC.operations);
  const reads = operations.filter((operation) => operation.method === 'GET');
  for (const operation of reads) await walk(operation, walking);
  for (const operation of operations.filter((candidate) => candidate.method === 'POST')) await walk(operation, walking);
  for (const operation of reads) {
    const createdIds = createdIdsFor(operation, walking.created);
    if (createdIds) await walk(operation, walking, { createdIds, again: true });
  }
  for (const operation of operations.filter((candidate) => !['GET', 'POST'].includes(candidate.method)))
    await walk(operation, walking, { createdIds: createdIdsFor(operation, walking.created) });
});
after(() => target?.close());

function count(kind: Verdict['kind']): number {
  return verdicts.filter(({ verdict }) => verdict.kind === kind).length;
}

test(
  "every operation of FusionAuth's OpenAPI spec answers FusionAuth-shaped (no 5xx, no field off the spec) or [UnsupportedEndpoint]",
  devServerOnly,
  (t) => {
    const supported = verdicts.filter(({ verdict }) => verdict.kind === 'supported');
    const successes = supported.filter(({ verdict }) => verdict.kind === 'supported' && verdict.status < 300);
    t.diagnostic(
      `${OPENAPI_SPEC.operations.length} operations: ${count('supported')} supported (${successes.length} answered 2xx), ` +
        `${count('unsupported')} unsupported, ${count('mismatch')} mismatches; ${variantVerdicts.length} more answers checked`,
    );
    const mismatches = [...verdicts, ...variantVerdicts].flatMap(({ operation, path, verdict }) =>
      verdict.kind === 'mismatch' ? [`${operation.method} ${path} (${operation.operationId}): ${verdict.reason}`] : [],
    );
    assert.equal(verdicts.length, OPENAPI_SPEC.operations.length);
    assert.deepEqual(mismatches, []);
  },
);

test(
  'the package README counts the operations the dev server answers, and docs/openapi-coverage.md lists them',
  devServerOnly,
  () => {
    const coverage = verdicts.map(({ operation, verdict }) => ({
      operation,
      supported: verdict.kind !== 'unsupported',
    }));
    const readme = readFileSync(README, 'utf8');
    const page = renderCoverage(coverage, OPENAPI_SPEC.source);
    if (process.env.OPENAPI_WALK_WRITE === '1') {
      assert.ok(statedCount(readme), 'the README has a count to rewrite');
      writeFileSync(README, withCount(readme, coverage, OPENAPI_SPEC.source));
      writeFileSync(COVERAGE, page);
      return;
    }
    const update = 'run `npm run openapi:count -w fusionauth-dev-server` to update it';
    assert.deepEqual(
      statedCount(readme),
      {
        supported: coverage.filter((entry) => entry.supported).length,
        total: coverage.length,
        version: OPENAPI_SPEC.source.version,
      },
      `the README's count: ${update}`,
    );
    assert.equal(readFileSync(COVERAGE, 'utf8'), page, `docs/openapi-coverage.md: ${update}`);
  },
);

test(
  "the routes FusionAuth's TypeScript client calls beyond the spec answer without a 5xx, or [UnsupportedEndpoint] naming them",
  devServerOnly,
  async () => {
    const wrong: string[] = [];
    for (const [method, template] of CLIENT_ONLY_ROUTES) {
      const path = template.replaceAll('{id}', randomUUID());
      const raw = await send(target, method, path, method === 'GET' || method === 'DELETE' ? {} : { body: {} });
      const unsupported = raw.status === 404 && raw.text.includes('[UnsupportedEndpoint]');
      if (raw.status >= 500) wrong.push(`${method} ${template}: ${raw.status}`);
      else if (unsupported && !raw.text.includes(`${method} ${path}`)) wrong.push(`${method} ${template}: not named`);
    }
    assert.deepEqual(wrong, []);
  },
);

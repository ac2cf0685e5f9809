import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isRealFusionAuth, startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { send } from './contract.ts';

let target: FusionAuthTarget;

before(async () => {
  target = await startFusionAuthTarget();
});
after(() => target?.close());

const unsupported: [method: string, path: string][] = [
  ['GET', '/api/theme'],
  ['POST', '/api/theme'],
  ['GET', '/api/system-configuration'],
  ['POST', '/api/message/template'],
  ['DELETE', '/api/form/8c5d1f51-7d3e-4a2f-9a84-2bc0c3e2a8b6'],
  ['GET', '/api/no-such-endpoint'],
];

for (const [method, path] of unsupported) {
  test(`${method} ${path}, outside the dev server's subset, is a 404 naming it in JSON, never a silent 200`, { skip: isRealFusionAuth() && 'a real FusionAuth implements these endpoints' }, async () => {
    const raw = await send(target, method, path, method === 'GET' || method === 'DELETE' ? {} : { body: {} });
    assert.equal(raw.status, 404);
    const body = raw.json<Record<string, unknown>>();
    assert.ok(JSON.stringify(body).includes(path), `the body names ${path}: ${raw.text}`);
  });
}

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isRealFusionAuth, startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { send } from './contract.ts';

let target: FusionAuthTarget;

before(async () => {
  target = await startFusionAuthTarget();
});
after(() => target?.close());

const devServerOnly = { skip: isRealFusionAuth() && 'a real FusionAuth implements every endpoint' };

const captured: [method: string, path: string][] = [
  ['POST', '/api/user/action'],
  ['POST', '/api/user/bulk'],
  ['DELETE', '/api/user/bulk'],
  ['POST', '/api/user/family'],
  ['POST', '/api/user/import'],
  ['GET', '/api/user/recent-login'],
  ['GET', '/api/user/action'],
];

for (const [method, path] of captured) {
  test(`${method} ${path} is an unsupported endpoint, not a 400 about a user id`, devServerOnly, async () => {
    const raw = await send(target, method, path, method === 'GET' || method === 'DELETE' ? {} : { body: {} });
    assert.equal(raw.status, 404, raw.text);
    assert.deepEqual(raw.json(), {
      generalErrors: [
        { code: '[UnsupportedEndpoint]', message: `The FusionAuth dev server does not support ${method} ${path}.` },
      ],
    });
  });
}

test(
  'a path FusionAuth does not have either is a 404 naming it in JSON, never a silent 200',
  devServerOnly,
  async () => {
    const raw = await send(target, 'GET', '/api/no-such-endpoint');
    assert.equal(raw.status, 404);
    assert.match(raw.text, /\[UnsupportedEndpoint\].*GET \/api\/no-such-endpoint/);
  },
);

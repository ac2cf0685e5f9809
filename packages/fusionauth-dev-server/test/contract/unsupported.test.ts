import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { isRealFusionAuth, startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { send } from './contract.ts';

let target: FusionAuthTarget;

before(async () => {
  target = await startFusionAuthTarget();
});
after(() => target?.close());

const devServerOnly = { skip: isRealFusionAuth() && 'a real FusionAuth implements every endpoint' };

/** FusionAuth's API, method and path template, as its official client calls it. */
const FUSIONAUTH_ROUTES = (
  JSON.parse(readFileSync(new URL('../fixtures/fusionauth-api-routes.json', import.meta.url), 'utf8')) as {
    routes: [method: string, path: string][];
  }
).routes;

/** The part of that API the dev server implements (docs/differences-from-fusionauth.md, "Endpoints"). */
const SUPPORTED = new Set([
  'GET /.well-known/jwks.json',
  'GET /.well-known/openid-configuration',
  'GET /api/application',
  'GET /api/application/{id}',
  'POST /api/application/{id}',
  'PUT /api/application/{id}',
  'PATCH /api/application/{id}',
  'DELETE /api/application/{id}',
  'PUT /api/application/{id}/role/{id}',
  'GET /api/email/template',
  'POST /api/email/template/preview',
  'GET /api/email/template/{id}',
  'GET /api/entity/type',
  'GET /api/entity/type/{id}',
  'POST /api/entity/type/{id}',
  'PUT /api/entity/type/{id}',
  'DELETE /api/entity/type/{id}',
  'POST /api/entity/type/{id}/permission/{id}',
  'PUT /api/entity/type/{id}/permission/{id}',
  'DELETE /api/entity/type/{id}/permission/{id}',
  'GET /api/entity/{id}',
  'POST /api/entity/{id}',
  'PUT /api/entity/{id}',
  'DELETE /api/entity/{id}',
  'GET /api/entity/{id}/grant',
  'POST /api/entity/{id}/grant',
  'DELETE /api/entity/{id}/grant',
  'POST /api/email/template/{id}',
  'PUT /api/email/template/{id}',
  'PATCH /api/email/template/{id}',
  'DELETE /api/email/template/{id}',
  'GET /api/jwt/public-key',
  'GET /api/jwt/validate',
  'GET /api/jwt/refresh',
  'POST /api/jwt/refresh',
  'DELETE /api/jwt/refresh',
  'GET /api/jwt/refresh/{id}',
  'DELETE /api/jwt/refresh/{id}',
  'GET /api/key',
  'GET /api/key/{id}',
  'POST /api/key/generate/{id}',
  'POST /api/key/import/{id}',
  'POST /api/login',
  'POST /api/logout',
  'GET /api/status',
  'GET /api/system-configuration',
  'PUT /api/system-configuration',
  'PATCH /api/system-configuration',
  'GET /api/tenant',
  'GET /api/tenant/{id}',
  'POST /api/tenant/{id}',
  'PUT /api/tenant/{id}',
  'PATCH /api/tenant/{id}',
  'GET /api/theme',
  'GET /api/theme/{id}',
  'POST /api/theme/{id}',
  'PUT /api/theme/{id}',
  'PATCH /api/theme/{id}',
  'DELETE /api/theme/{id}',
  'POST /api/two-factor/login',
  'GET /api/two-factor/secret',
  'POST /api/two-factor/start',
  'GET /api/user',
  'GET /api/user/{id}',
  'POST /api/user/{id}',
  'PUT /api/user/{id}',
  'PATCH /api/user/{id}',
  'DELETE /api/user/{id}',
  'GET /api/user/change-password',
  'POST /api/user/change-password',
  'GET /api/user/change-password/{id}',
  'POST /api/user/change-password/{id}',
  'POST /api/user/forgot-password',
  'POST /api/user/registration/{id}',
  'PUT /api/user/registration/{id}',
  'PATCH /api/user/registration/{id}',
  'GET /api/user/registration/{id}/{id}',
  'DELETE /api/user/registration/{id}/{id}',
  'GET /api/user/search',
  'POST /api/user/search',
  'POST /api/user/two-factor/{id}',
  'DELETE /api/user/two-factor/{id}',
  'POST /api/user/two-factor/recovery-code/{id}',
  'POST /api/user/verify-email',
  'PUT /api/user/verify-email',
  'POST /api/user/verify-email/{id}',
  'POST /api/user/verify-registration',
  'PUT /api/user/verify-registration',
  'POST /api/user/verify-registration/{id}',
  'GET /api/webauthn',
  'DELETE /api/webauthn',
  'GET /api/webauthn/{id}',
  'DELETE /api/webauthn/{id}',
  'POST /api/webauthn/assert',
  'POST /api/webauthn/login',
  'POST /api/webauthn/register/complete',
  'POST /api/webauthn/register/start',
  'POST /api/webauthn/start',
  'GET /api/webhook',
  'GET /api/webhook/{id}',
  'POST /api/webhook/{id}',
  'PUT /api/webhook/{id}',
  'PATCH /api/webhook/{id}',
  'DELETE /api/webhook/{id}',
  'POST /oauth2/introspect',
  'POST /oauth2/token',
  'GET /oauth2/userinfo',
]);

const SOME_ID = '8c5d1f51-7d3e-4a2f-9a84-2bc0c3e2a8b6';

test(
  'every FusionAuth endpoint the dev server lacks answers 404 [UnsupportedEndpoint] naming its method and path; every one it has answers for itself',
  devServerOnly,
  async () => {
    const wrong: string[] = [];
    for (const [method, template] of FUSIONAUTH_ROUTES) {
      const path = template.replaceAll('{id}', SOME_ID);
      const raw = await send(target, method, path, method === 'GET' || method === 'DELETE' ? {} : { body: {} });
      const unsupported = raw.status === 404 && raw.text.includes('[UnsupportedEndpoint]');
      const route = `${method} ${template}`;
      if (raw.status >= 500) wrong.push(`${route}: ${raw.status}`);
      else if (SUPPORTED.has(route) && unsupported) wrong.push(`${route}: claimed, but answers [UnsupportedEndpoint]`);
      else if (!SUPPORTED.has(route) && !unsupported) wrong.push(`${route}: ${raw.status} ${raw.text.slice(0, 120)}`);
      else if (unsupported && !raw.text.includes(`${method} ${path}`))
        wrong.push(`${route}: the body does not name ${method} ${path}`);
    }
    assert.deepEqual(wrong, []);
  },
);

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

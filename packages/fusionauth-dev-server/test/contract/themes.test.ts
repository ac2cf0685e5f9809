import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { isRealFusionAuth, startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { send } from './contract.ts';

let target: FusionAuthTarget;
// The error codes below are the dev server's reading of FusionAuth's conventions; FusionAuth's exact ones are unconfirmed.
const unconfirmedCodes = { skip: isRealFusionAuth() && 'the exact error codes are unconfirmed on a real FusionAuth' };

before(async () => {
  target = await startFusionAuthTarget();
});
after(() => target?.close());

interface ThemeAnswer {
  theme: { id: string; name: string; stylesheet?: string; insertInstant: number; lastUpdateInstant: number };
}

test('a theme is created with its id, retrieved, patched, listed and deleted', async () => {
  const id = randomUUID();
  const name = `contract theme ${id}`;
  const created = await send(target, 'POST', `/api/theme/${id}`, {
    body: { theme: { name, stylesheet: 'body { color: navy; }' } },
  });
  assert.equal(created.status, 200, created.text);
  const theme = created.json<ThemeAnswer>().theme;
  assert.deepEqual([theme.id, theme.name, theme.stylesheet], [id, name, 'body { color: navy; }']);
  assert.equal(typeof theme.insertInstant, 'number');

  const patched = await send(target, 'PATCH', `/api/theme/${id}`, {
    body: { theme: { stylesheet: 'body { color: teal; }' } },
  });
  assert.equal(patched.status, 200, patched.text);
  assert.deepEqual(
    [patched.json<ThemeAnswer>().theme.name, patched.json<ThemeAnswer>().theme.stylesheet],
    [name, 'body { color: teal; }'],
  );
  assert.equal(
    (await send(target, 'GET', `/api/theme/${id}`)).json<ThemeAnswer>().theme.stylesheet,
    'body { color: teal; }',
  );
  const list = (await send(target, 'GET', '/api/theme')).json<{ themes: { id: string }[] }>().themes;
  assert.ok(list.some((entry) => entry.id === id));

  assert.equal((await send(target, 'DELETE', `/api/theme/${id}`)).status, 200);
  const gone = await send(target, 'GET', `/api/theme/${id}`);
  assert.deepEqual([gone.status, gone.text], [404, ''], 'an unknown theme is an empty 404');
});

test('a theme needs a name, and its id is unique', unconfirmedCodes, async () => {
  const id = randomUUID();
  const blank = await send(target, 'POST', `/api/theme/${id}`, { body: { theme: {} } });
  assert.equal(blank.status, 400);
  assert.match(blank.text, /\[blank\]theme\.name/);
  assert.equal(
    (await send(target, 'POST', `/api/theme/${id}`, { body: { theme: { name: `unique ${id}` } } })).status,
    200,
  );
  const again = await send(target, 'POST', `/api/theme/${id}`, { body: { theme: { name: `another ${id}` } } });
  assert.equal(again.status, 400);
  assert.match(again.text, /\[duplicate\]themeId/);
  await send(target, 'DELETE', `/api/theme/${id}`);
});

test(
  "a tenant's themeId must name an existing theme, and a theme in use cannot be deleted",
  unconfirmedCodes,
  async () => {
    const tenantId = randomUUID();
    const missing = await send(target, 'POST', `/api/tenant/${tenantId}`, {
      body: { tenant: { name: `themed ${tenantId}`, themeId: randomUUID() } },
    });
    assert.equal(missing.status, 400);
    assert.match(missing.text, /\[invalid\]tenant\.themeId/);

    const themeId = randomUUID();
    await send(target, 'POST', `/api/theme/${themeId}`, { body: { theme: { name: `in use ${themeId}` } } });
    const tenant = await send(target, 'POST', `/api/tenant/${tenantId}`, {
      body: { tenant: { name: `themed ${tenantId}`, themeId } },
    });
    assert.equal(tenant.status, 200, tenant.text);
    assert.equal(tenant.json<{ tenant: { themeId: string } }>().tenant.themeId, themeId);
    const inUse = await send(target, 'DELETE', `/api/theme/${themeId}`);
    assert.equal(inUse.status, 400);
    assert.match(inUse.text, /\[inUse\]themeId/);
  },
);

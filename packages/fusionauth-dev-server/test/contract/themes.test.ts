import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { isRealFusionAuth, startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { apiClient, DEFAULT_THEME_ID, send } from './contract.ts';

let target: FusionAuthTarget;
// The error codes below are the dev server's reading of FusionAuth's conventions; FusionAuth's exact ones are unconfirmed.
const unconfirmedCodes = { skip: isRealFusionAuth() && 'the exact error codes are unconfirmed on a real FusionAuth' };

before(async () => {
  target = await startFusionAuthTarget();
});
after(() => target?.close());

interface ThemeAnswer {
  theme: {
    id: string;
    name: string;
    stylesheet?: string;
    defaultMessages?: string;
    templates?: Record<string, string>;
    insertInstant: number;
    lastUpdateInstant: number;
  };
}

/** A copy of FusionAuth's default theme under `id`, as FusionAuth's quickstart kickstarts make one. */
function copyDefaultTheme(id: string, theme: Record<string, unknown>) {
  return send(target, 'POST', `/api/theme/${id}`, { body: { sourceThemeId: DEFAULT_THEME_ID, theme } });
}

test('every FusionAuth has its default theme, with its templates and messages, and the default tenant uses it', async () => {
  const { theme } = (await apiClient(target).retrieveTheme(DEFAULT_THEME_ID)).response;
  assert.equal(theme?.name, 'FusionAuth');
  assert.ok(theme?.defaultMessages?.includes('[blank]loginId='), 'its messages are there');
  assert.equal(typeof theme?.templates?.oauth2Authorize, 'string', 'its templates are there');
  const listed = (await apiClient(target).retrieveThemes()).response.themes ?? [];
  assert.ok(listed.some((entry) => entry.id === DEFAULT_THEME_ID));
  const { tenant } = (await apiClient(target).retrieveTenant(target.tenantId ?? '')).response;
  assert.equal(tenant?.themeId, DEFAULT_THEME_ID);
});

test("a theme copied with sourceThemeId gets the source's messages and templates (FusionAuth's quickstart kickstart)", async () => {
  const id = randomUUID();
  const created = await copyDefaultTheme(id, { name: `copy ${id}` });
  assert.equal(created.status, 200, created.text);
  const copy = created.json<ThemeAnswer>().theme;
  const source = (await send(target, 'GET', `/api/theme/${DEFAULT_THEME_ID}`)).json<ThemeAnswer>().theme;
  assert.deepEqual([copy.id, copy.name], [id, `copy ${id}`]);
  assert.equal(copy.defaultMessages, source.defaultMessages);
  assert.deepEqual(copy.templates, source.templates);
  await send(target, 'DELETE', `/api/theme/${id}`);

  const unknown = await send(target, 'POST', `/api/theme/${randomUUID()}`, {
    body: { sourceThemeId: randomUUID(), theme: { name: `orphan ${id}` } },
  });
  assert.equal(unknown.status, 400, unknown.text);
  assert.ok(unknown.json<{ fieldErrors: Record<string, unknown> }>().fieldErrors.sourceThemeId);
});

test(
  'the default theme is read-only: update, patch and delete are refused and change nothing',
  unconfirmedCodes,
  async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const body = method === 'DELETE' ? undefined : { theme: { name: 'Renamed', stylesheet: 'body{}' } };
      const refused = await send(target, method, `/api/theme/${DEFAULT_THEME_ID}`, body ? { body } : {});
      assert.equal(refused.status, 400, `${method}: ${refused.text}`);
      assert.match(refused.text, /\[readOnly\]themeId/);
    }
    const theme = (await send(target, 'GET', `/api/theme/${DEFAULT_THEME_ID}`)).json<ThemeAnswer>().theme;
    assert.deepEqual([theme.name, theme.stylesheet], ['FusionAuth', '']);
  },
);

test('an advanced theme made without a source needs defaultMessages with every key of the default bundle', async () => {
  const id = randomUUID();
  const blank = await send(target, 'POST', `/api/theme/${id}`, { body: { theme: { name: `bare ${id}` } } });
  assert.equal(blank.status, 400, blank.text);
  assert.ok(blank.json<{ fieldErrors: Record<string, unknown> }>().fieldErrors['theme.defaultMessages']);
  const partial = await send(target, 'POST', `/api/theme/${id}`, {
    body: { theme: { name: `partial ${id}`, defaultMessages: 'login=Log in' } },
  });
  assert.equal(partial.status, 400, partial.text);
  assert.match(partial.text, /\[invalid\]theme\.defaultMessages/);
  assert.match(partial.text, /missing these keys: .*\[blank\]loginId/);

  const source = (await send(target, 'GET', `/api/theme/${DEFAULT_THEME_ID}`)).json<ThemeAnswer>().theme;
  const full = await send(target, 'POST', `/api/theme/${id}`, {
    body: { theme: { name: `full ${id}`, defaultMessages: `${source.defaultMessages ?? ''}\nextra=Extra` } },
  });
  assert.equal(full.status, 200, full.text);
  await send(target, 'DELETE', `/api/theme/${id}`);
});

test('a theme is created with its id, retrieved, patched, listed and deleted', async () => {
  const id = randomUUID();
  const name = `contract theme ${id}`;
  const created = await copyDefaultTheme(id, { name });
  assert.equal(created.status, 200, created.text);
  const styled = await send(target, 'PUT', `/api/theme/${id}`, {
    body: { theme: { ...created.json<ThemeAnswer>().theme, stylesheet: 'body { color: navy; }' } },
  });
  assert.equal(styled.status, 200, styled.text);
  const theme = styled.json<ThemeAnswer>().theme;
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
  assert.equal((await copyDefaultTheme(id, { name: `unique ${id}` })).status, 200);
  const again = await copyDefaultTheme(id, { name: `another ${id}` });
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
    await copyDefaultTheme(themeId, { name: `in use ${themeId}` });
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

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FusionAuthClient } from '@fusionauth/typescript-client';
import { startDevServer } from 'fusionauth-dev-server';
import {
  isRealFusionAuth,
  KICKSTART,
  startFusionAuthTarget,
  type FusionAuthTarget,
} from '../support/fusionauth-target.ts';
import { apiClient, DEFAULT_THEME_ID, FUSIONAUTH_APPLICATION_ID, PASSWORD, uniqueEmail } from './contract.ts';

let target: FusionAuthTarget;

before(async () => {
  target = await startFusionAuthTarget();
});
after(() => target?.close());

test('the application list holds the FusionAuth and Tenant Manager applications beside the kickstart one', async () => {
  const applications = (await apiClient(target).retrieveApplications()).response.applications ?? [];
  const fusionAuth = applications.find((application) => application.id === FUSIONAUTH_APPLICATION_ID);
  assert.equal(fusionAuth?.name, 'FusionAuth');
  assert.ok(fusionAuth?.roles?.some((role) => role.name === 'admin'));
  const tenantManager = applications.find((application) => application.name === 'Tenant Manager');
  assert.equal(tenantManager?.universalConfiguration?.universal, true, 'the Tenant Manager is a universal application');
  assert.ok(tenantManager?.roles?.some((role) => role.name === 'admin'));
  if (!isRealFusionAuth()) {
    // FusionAuth's Python client suite counts 3 after a kickstart that adds one application.
    assert.equal(applications.length, 3, applications.map((application) => application.name).join(', '));
  }
});

test('a user of any tenant registers to the Tenant Manager, a universal application', async () => {
  const client = apiClient(target);
  const applications = (await client.retrieveApplications()).response.applications ?? [];
  const tenantManagerId = applications.find((application) => application.name === 'Tenant Manager')?.id ?? '';
  const tenantId = randomUUID();
  await client.createTenant(tenantId, { tenant: { name: `managed ${tenantId}` } });
  const inTenant = apiClient(target);
  inTenant.setTenantId(tenantId);
  const registered = await inTenant.register(randomUUID(), {
    user: { email: uniqueEmail('tenant-manager'), password: PASSWORD },
    registration: { applicationId: tenantManagerId, roles: ['admin'] },
  });
  assert.equal(registered.statusCode, 200);
  assert.deepEqual(registered.response.registration?.roles, ['admin']);
  assert.equal(registered.response.user?.tenantId, tenantId);
});

test(
  'a state saved before the dev server had the built-in theme and Tenant Manager gets them at the next start',
  { skip: isRealFusionAuth() && 'the suite cannot edit a real FusionAuth database' },
  async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'built-ins-'));
    const options = { port: 0, dataDir, kickstartFile: KICKSTART.file, passwordFactor: 1000 };
    try {
      await (await startDevServer(options)).close();
      const file = join(dataDir, 'state.json');
      const state = JSON.parse(await readFile(file, 'utf8')) as {
        themes: Record<string, unknown>;
        applications: Record<string, { name: string }>;
      };
      state.themes = {};
      for (const [id, application] of Object.entries(state.applications)) {
        if (application.name === 'Tenant Manager') delete state.applications[id];
      }
      await writeFile(file, JSON.stringify(state));

      const server = await startDevServer(options);
      try {
        const client = new FusionAuthClient(server.apiKey ?? '', server.url);
        assert.equal((await client.retrieveTheme(DEFAULT_THEME_ID)).response.theme?.name, 'FusionAuth');
        const names = ((await client.retrieveApplications()).response.applications ?? []).map((app) => app.name);
        assert.ok(names.includes('Tenant Manager'), names.join(', '));
      } finally {
        await server.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
);

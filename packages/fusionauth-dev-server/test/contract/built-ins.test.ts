import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { isRealFusionAuth, startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { apiClient, FUSIONAUTH_APPLICATION_ID, PASSWORD, uniqueEmail } from './contract.ts';

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

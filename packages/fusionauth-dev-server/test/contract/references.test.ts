import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { FusionAuthClient } from '@fusionauth/typescript-client';
import { startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { apiClient, assertFieldError, rejection, UNCONFIRMED_CODES } from './contract.ts';

let target: FusionAuthTarget;
let client: FusionAuthClient;

before(async () => {
  target = await startFusionAuthTarget();
  client = apiClient(target);
});
after(() => target?.close());

async function createEmailTemplate(): Promise<string> {
  const id = randomUUID();
  await client.createEmailTemplate(id, {
    emailTemplate: {
      name: `contract ${id}`,
      defaultSubject: 'Confirm',
      defaultTextTemplate: 'Confirm ${verificationId}',
      defaultHtmlTemplate: '<p>Confirm ${verificationId}</p>',
    },
  });
  return id;
}

test(
  'an application that verifies registrations needs a verification email template, and it must exist',
  UNCONFIRMED_CODES,
  async () => {
    const name = `verifying ${randomUUID()}`;
    const missing = await rejection(
      client.createApplication(randomUUID(), { application: { name, verifyRegistration: true } }),
    );
    assert.equal(missing.statusCode, 400);
    assertFieldError(
      missing.errors,
      'application.verificationEmailTemplateId',
      '[missing]application.verificationEmailTemplateId',
    );

    const unknown = await rejection(
      client.createApplication(randomUUID(), {
        application: { name, verifyRegistration: true, verificationEmailTemplateId: randomUUID() },
      }),
    );
    assert.equal(unknown.statusCode, 400);
    assertFieldError(
      unknown.errors,
      'application.verificationEmailTemplateId',
      '[invalid]application.verificationEmailTemplateId',
    );

    const templateId = await createEmailTemplate();
    const created = await client.createApplication(randomUUID(), {
      application: { name, verifyRegistration: true, verificationEmailTemplateId: templateId },
    });
    assert.equal(created.statusCode, 200);
    assert.equal(created.response.application?.verificationEmailTemplateId, templateId);
  },
);

test(
  "an application's signing keys, theme and email templates must exist, each failure under its own field",
  UNCONFIRMED_CODES,
  async () => {
    const refused = await rejection(
      client.createApplication(randomUUID(), {
        application: {
          name: `references ${randomUUID()}`,
          themeId: randomUUID(),
          jwtConfiguration: { enabled: true, accessTokenKeyId: randomUUID(), idTokenKeyId: 'not-a-uuid' },
          emailConfiguration: { forgotPasswordEmailTemplateId: randomUUID() },
        },
      }),
    );
    assert.equal(refused.statusCode, 400);
    for (const field of [
      'application.themeId',
      'application.jwtConfiguration.accessTokenKeyId',
      'application.jwtConfiguration.idTokenKeyId',
      'application.emailConfiguration.forgotPasswordEmailTemplateId',
    ]) {
      assertFieldError(refused.errors, field, `[invalid]${field}`);
    }
  },
);

test(
  'patching an application onto a template that does not exist is refused and leaves it as it was',
  UNCONFIRMED_CODES,
  async () => {
    const applicationId = randomUUID();
    await client.createApplication(applicationId, { application: { name: `patched ${applicationId}` } });
    const refused = await rejection(
      client.patchApplication(applicationId, { application: { verificationEmailTemplateId: randomUUID() } }),
    );
    assertFieldError(
      refused.errors,
      'application.verificationEmailTemplateId',
      '[invalid]application.verificationEmailTemplateId',
    );
    const { application } = (await client.retrieveApplication(applicationId)).response;
    assert.equal(application?.verificationEmailTemplateId, undefined);
  },
);

test(
  "a tenant's keys and email templates must exist, and verifying emails needs a verification template",
  UNCONFIRMED_CODES,
  async () => {
    const tenantId = randomUUID();
    const refused = await rejection(
      client.createTenant(tenantId, {
        tenant: {
          name: `references ${tenantId}`,
          jwtConfiguration: { accessTokenKeyId: randomUUID() },
          emailConfiguration: { verifyEmail: true, forgotPasswordEmailTemplateId: randomUUID() },
        },
      }),
    );
    assert.equal(refused.statusCode, 400);
    assertFieldError(
      refused.errors,
      'tenant.jwtConfiguration.accessTokenKeyId',
      '[invalid]tenant.jwtConfiguration.accessTokenKeyId',
    );
    assertFieldError(
      refused.errors,
      'tenant.emailConfiguration.forgotPasswordEmailTemplateId',
      '[invalid]tenant.emailConfiguration.forgotPasswordEmailTemplateId',
    );
    assertFieldError(
      refused.errors,
      'tenant.emailConfiguration.verificationEmailTemplateId',
      '[missing]tenant.emailConfiguration.verificationEmailTemplateId',
    );

    const templateId = await createEmailTemplate();
    const created = await client.createTenant(tenantId, {
      tenant: {
        name: `references ${tenantId}`,
        emailConfiguration: { verifyEmail: true, verificationEmailTemplateId: templateId },
      },
    });
    assert.equal(created.statusCode, 200);
  },
);

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { FusionAuthClient } from '@fusionauth/typescript-client';
import { startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { apiClient, assertFieldError, rejection, send, UNCONFIRMED_CODES } from './contract.ts';

let target: FusionAuthTarget;
let client: FusionAuthClient;

before(async () => {
  target = await startFusionAuthTarget();
  client = apiClient(target);
});
after(() => target?.close());

function template(name: string) {
  return {
    name,
    defaultSubject: 'Hello ${user.firstName}',
    defaultTextTemplate: 'Code ${verificationId}',
    defaultHtmlTemplate: '<p>Code ${verificationId}</p>',
    fromEmail: 'accounts@example.com',
    defaultFromName: 'Accounts',
    localizedSubjects: { fr: 'Bonjour ${user.firstName}' },
  };
}

test('email templates are listed, replaced, patched and deleted', async () => {
  const id = randomUUID();
  await client.createEmailTemplate(id, { emailTemplate: template(`lifecycle ${id}`) });
  const listed = (await client.retrieveEmailTemplates()).response.emailTemplates ?? [];
  assert.ok(listed.some((entry) => entry.id === id && entry.name === `lifecycle ${id}`));

  const replaced = await client.updateEmailTemplate(id, {
    emailTemplate: { ...template(`replaced ${id}`), defaultSubject: 'Replaced' },
  });
  assert.deepEqual(
    [replaced.response.emailTemplate?.name, replaced.response.emailTemplate?.defaultSubject],
    [`replaced ${id}`, 'Replaced'],
  );
  const patched = await client.patchEmailTemplate(id, { emailTemplate: { defaultSubject: 'Patched' } });
  assert.deepEqual(
    [patched.response.emailTemplate?.name, patched.response.emailTemplate?.defaultSubject],
    [`replaced ${id}`, 'Patched'],
    'a patch keeps what it does not name',
  );
  assert.equal(patched.response.emailTemplate?.localizedSubjects?.fr, 'Bonjour ${user.firstName}');

  assert.equal((await client.deleteEmailTemplate(id)).statusCode, 200);
  const gone = await send(target, 'GET', `/api/email/template/${id}`);
  assert.deepEqual([gone.status, gone.text], [404, '']);
});

test('an update without a subject is refused and leaves the template as it was', async () => {
  const id = randomUUID();
  await client.createEmailTemplate(id, { emailTemplate: template(`kept ${id}`) });
  const refused = await rejection(client.patchEmailTemplate(id, { emailTemplate: { defaultSubject: '' } }));
  assert.equal(refused.statusCode, 400);
  assertFieldError(refused.errors, 'emailTemplate.defaultSubject', '[blank]emailTemplate.defaultSubject');
  const { emailTemplate } = (await client.retrieveEmailTemplate(id)).response;
  assert.equal(emailTemplate?.defaultSubject, 'Hello ${user.firstName}');
  await client.deleteEmailTemplate(id);
});

test('a template that an application names cannot be deleted', UNCONFIRMED_CODES, async () => {
  const id = randomUUID();
  await client.createEmailTemplate(id, { emailTemplate: template(`used ${id}`) });
  const applicationId = randomUUID();
  await client.createApplication(applicationId, {
    application: { name: `uses ${id}`, verifyRegistration: true, verificationEmailTemplateId: id },
  });
  const refused = await rejection(client.deleteEmailTemplate(id));
  assert.equal(refused.statusCode, 400);
  assertFieldError(refused.errors, 'emailTemplateId', '[inUse]emailTemplateId');
  assert.equal((await client.retrieveEmailTemplate(id)).statusCode, 200);
});

test('a preview renders the template, in the locale asked for when it has one', async () => {
  const preview = await client.retrieveEmailTemplatePreview({
    emailTemplate: template('preview'),
    locale: 'fr',
  });
  const email = preview.response.email;
  assert.match(email?.subject ?? '', /^Bonjour /);
  assert.doesNotMatch(email?.text ?? '', /\$\{/, 'the placeholders are filled');
  assert.equal(email?.from?.address, 'accounts@example.com');
  const plain = await client.retrieveEmailTemplatePreview({ emailTemplate: template('preview') });
  assert.match(plain.response.email?.subject ?? '', /^Hello /);
});

/**
 * Email templates (https://fusionauth.io/docs/apis/emails): building one from an `emailTemplate` object (a name, a
 * subject and both bodies required; localized versions by locale), finding, storing and deleting them. The
 * forgot-password and verification emails are rendered from the template the application, else the user's tenant,
 * names; one that a tenant or application names cannot be deleted.
 */
import { stateOf, type DevServerContext } from '../context.ts';
import type { ErrorCollector } from '../http/errors.ts';
import type { EmailTemplate, Json, JsonObject } from '../state/model.ts';

const REQUIRED = ['name', 'defaultSubject', 'defaultHtmlTemplate', 'defaultTextTemplate'] as const;
const LOCALIZED = [
  'localizedSubjects',
  'localizedTextTemplates',
  'localizedHtmlTemplates',
  'localizedFromNames',
] as const;

function text(value: Json | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function localized(value: Json | undefined): Record<string, string> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** Validates an `emailTemplate` object into `errors`; returns the record to store when valid. */
export function buildEmailTemplate(
  id: string,
  input: JsonObject,
  now: number,
  errors: ErrorCollector,
  previous?: EmailTemplate,
): EmailTemplate | null {
  for (const field of REQUIRED) {
    if (!text(input[field]))
      errors.field(`emailTemplate.${field}`, 'blank', `You must specify the [emailTemplate.${field}] property.`);
  }
  if (!errors.empty) return null;
  const template: EmailTemplate = {
    id,
    name: text(input.name) ?? '',
    defaultSubject: text(input.defaultSubject) ?? '',
    defaultHtmlTemplate: text(input.defaultHtmlTemplate) ?? '',
    defaultTextTemplate: text(input.defaultTextTemplate) ?? '',
    insertInstant: previous?.insertInstant ?? now,
    lastUpdateInstant: now,
  };
  const fromEmail = text(input.fromEmail);
  if (fromEmail) template.fromEmail = fromEmail;
  const fromName = text(input.defaultFromName);
  if (fromName) template.defaultFromName = fromName;
  for (const field of LOCALIZED) {
    const values = localized(input[field]);
    if (values) template[field] = values;
  }
  return template;
}

/** The email template with this id. */
export function findEmailTemplate(context: DevServerContext, templateId: string): EmailTemplate | undefined {
  return stateOf(context).emailTemplates[templateId];
}

/** Every email template. */
export function listEmailTemplates(context: DevServerContext): EmailTemplate[] {
  return Object.values(stateOf(context).emailTemplates);
}

/** Stores a created or updated email template. */
export function saveEmailTemplate(context: DevServerContext, template: EmailTemplate): void {
  stateOf(context).emailTemplates[template.id] = template;
  context.store.changed();
}

function mentions(value: Json | undefined, id: string): boolean {
  if (value === id) return true;
  if (value === null || typeof value !== 'object') return false;
  return (Array.isArray(value) ? value : Object.values(value)).some((item) => mentions(item, id));
}

/** The names of the tenants and applications whose settings name this template: it cannot be deleted while they do. */
export function emailTemplateUsers(context: DevServerContext, templateId: string): string[] {
  const state = stateOf(context);
  return [...Object.values(state.tenants), ...Object.values(state.applications)]
    .filter((owner) => mentions(owner.config, templateId))
    .map((owner) => owner.name);
}

/** Deletes an email template. */
export function deleteEmailTemplate(context: DevServerContext, template: EmailTemplate): void {
  delete stateOf(context).emailTemplates[template.id];
  context.store.changed();
}

/**
 * Transactional emails from email templates, as FusionAuth sends them: the application's template
 * when it names one, else the tenant's (`emailConfiguration.forgotPasswordEmailTemplateId`,
 * `verificationEmailTemplateId`) (https://fusionauth.io/docs/customize/email-and-messages). Templates are FreeMarker in
 * FusionAuth; the dev server understands the `${name}` / `${a.b}` placeholders (and `?url`) only.
 */
import { html } from '../http/html.ts';
import type { DevServerContext } from '../context.ts';
import { findEmailTemplate } from '../domain/email-templates.ts';
import { objectAt } from '../domain/settings.ts';
import { findTenant } from '../domain/tenants.ts';
import type { EmailTemplate, Json, JsonObject, StoredApplication, StoredUser } from '../state/model.ts';
import { deliverMail } from './mailbox.ts';

export type TemplateSetting = 'forgotPasswordEmailTemplateId' | 'verificationEmailTemplateId';

/** The template the application or, failing that, the user's tenant configures for `setting`. */
export function emailTemplateFor(
  context: DevServerContext,
  setting: TemplateSetting,
  user: StoredUser,
  application?: StoredApplication,
): EmailTemplate | undefined {
  const fromApplication = objectAt(application?.config, 'emailConfiguration')[setting];
  const fromTenant = objectAt(findTenant(context, user.tenantId)?.config, 'emailConfiguration')[setting];
  const id =
    typeof fromApplication === 'string' && findEmailTemplate(context, fromApplication) ? fromApplication : fromTenant;
  return typeof id === 'string' ? findEmailTemplate(context, id) : undefined;
}

function lookup(values: JsonObject, path: string): Json | undefined {
  let current: Json | undefined = values;
  for (const part of path.split('.')) {
    current = current !== null && typeof current === 'object' && !Array.isArray(current) ? current[part] : undefined;
  }
  return current;
}

/** Replaces `${name}` placeholders; `escape` applies to each value (HTML bodies). */
export function renderTemplate(
  template: string,
  values: JsonObject,
  escape: (text: string) => string = (text) => text,
): string {
  return template.replace(/\$\{\s*([\w.]+)(\?url)?\s*\}/g, (_whole, path: string, url: string | undefined) => {
    const value = lookup(values, path);
    const text = value === undefined || value === null || typeof value === 'object' ? '' : String(value);
    return escape(url ? encodeURIComponent(text) : text);
  });
}

/** Renders a template for the user and delivers it to their email address (none: nothing is sent). */
export function sendTemplatedEmail(
  context: DevServerContext,
  template: EmailTemplate,
  user: StoredUser,
  values: JsonObject,
): void {
  if (!user.email) return;
  deliverMail(
    context,
    {
      to: user.email,
      subject: renderTemplate(template.defaultSubject, values),
      text: renderTemplate(template.defaultTextTemplate, values),
      html: renderTemplate(template.defaultHtmlTemplate, values, (text) => html`${text}`.value),
    },
    user.tenantId,
  );
}

/** What a preview fills the placeholders with: a made-up user, application and one-off ids. */
const PREVIEW_VALUES: JsonObject = {
  user: { email: 'preview@example.com', firstName: 'Preview', lastName: 'User', username: 'preview' },
  application: { name: 'Preview application' },
  tenant: { name: 'Preview tenant' },
  changePasswordId: 'preview-change-password-id',
  verificationId: 'preview-verification-id',
  verificationOneTimeCode: 'PREVIEW',
  code: 'PREVIEW',
};

/**
 * The email a template renders to for `locale` (its localized texts when it has them), with sample values, as the
 * Email Template API's preview shows it (https://fusionauth.io/docs/apis/emails#preview-an-email-template).
 */
export function previewEmail(template: EmailTemplate, locale: string | undefined): JsonObject {
  const pick = (localized: Record<string, string> | undefined, fallback: string) =>
    (locale ? localized?.[locale] : undefined) ?? fallback;
  const email: JsonObject = {
    subject: renderTemplate(pick(template.localizedSubjects, template.defaultSubject), PREVIEW_VALUES),
    text: renderTemplate(pick(template.localizedTextTemplates, template.defaultTextTemplate), PREVIEW_VALUES),
    html: renderTemplate(
      pick(template.localizedHtmlTemplates, template.defaultHtmlTemplate),
      PREVIEW_VALUES,
      (value) => html`${value}`.value,
    ),
  };
  if (template.fromEmail) {
    const display = pick(template.localizedFromNames, template.defaultFromName ?? '');
    email.from = { address: template.fromEmail, ...(display ? { display } : {}) };
  }
  return email;
}

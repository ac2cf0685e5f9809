/**
 * Email templates (https://fusionauth.io/docs/apis/emails): the forgot-password and verification
 * emails are rendered from the template the application, else the user's tenant, names.
 */
import { stateOf, type DevServerContext } from '../context.ts';
import type { EmailTemplate } from '../state/model.ts';

/** The email template with this id. */
export function findEmailTemplate(context: DevServerContext, templateId: string): EmailTemplate | undefined {
  return stateOf(context).emailTemplates[templateId];
}

/** Stores a new email template. */
export function saveEmailTemplate(context: DevServerContext, template: EmailTemplate): void {
  stateOf(context).emailTemplates[template.id] = template;
  context.store.changed();
}

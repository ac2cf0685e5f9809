/**
 * The development mailbox: every email the dev server sends lands here (newest last), for GET
 * /dev/mailbox and for tests, and goes out over SMTP too when IDP_SMTP_URL is set (smtp-relay.ts).
 * It keeps the latest 200 messages (domain/mailbox-messages.ts).
 */
import { randomUUID } from 'node:crypto';
import type { DevServerContext } from '../context.ts';
import { keepMessage } from '../domain/mailbox-messages.ts';
import { objectAt } from '../domain/settings.ts';
import { findTenant } from '../domain/tenants.ts';
import type { MailMessage } from '../state/model.ts';
import { DEFAULT_FROM } from './smtp-relay.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Delivers a message to the mailbox (and to the SMTP relay, if any) from the tenant's sender. */
export function deliverMail(context: DevServerContext, mail: OutgoingMail, tenantId: string): MailMessage {
  const message: MailMessage = { id: randomUUID(), ...mail, createInstant: context.now() };
  keepMessage(context, message);
  const from = objectAt(findTenant(context, tenantId)?.config, 'emailConfiguration').defaultFromEmail;
  context.relayMail?.(message, typeof from === 'string' && from !== '' ? from : DEFAULT_FROM);
  return message;
}

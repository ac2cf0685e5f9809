/**
 * The development mailbox: every email the dev server sends lands here (newest last), for GET
 * /dev/mailbox and for tests. It keeps the latest 200 messages.
 */
import { randomUUID } from 'node:crypto';
import { stateOf, type DevServerContext } from '../context.ts';
import type { MailMessage } from '../state/model.ts';

const KEEP = 200;

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Delivers a message to the mailbox. */
export function deliverMail(context: DevServerContext, mail: OutgoingMail): MailMessage {
  const message: MailMessage = { id: randomUUID(), ...mail, createInstant: context.now() };
  const mailbox = stateOf(context).mailbox;
  mailbox.push(message);
  if (mailbox.length > KEEP) mailbox.splice(0, mailbox.length - KEEP);
  context.store.changed();
  return message;
}

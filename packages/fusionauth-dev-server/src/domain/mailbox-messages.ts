/** The dev server's mailbox: the latest 200 messages the server sent, oldest first. */
import { stateOf, type DevServerContext } from '../context.ts';
import type { MailMessage } from '../state/model.ts';

const KEEP = 200;

/** Keeps a sent message, dropping the oldest beyond the latest 200. */
export function keepMessage(context: DevServerContext, message: MailMessage): void {
  const mailbox = stateOf(context).mailbox;
  mailbox.push(message);
  if (mailbox.length > KEEP) mailbox.splice(0, mailbox.length - KEEP);
  context.store.changed();
}

/** The kept messages, oldest first (a copy). */
export function listMessages(context: DevServerContext): MailMessage[] {
  return [...stateOf(context).mailbox];
}

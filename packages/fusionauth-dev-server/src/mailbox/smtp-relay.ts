/**
 * With IDP_SMTP_URL, the dev server also sends each email it puts in its mailbox over SMTP (say to a
 * local mail catcher), through nodemailer, loaded only when a URL is set. From is the tenant's
 * `emailConfiguration.defaultFromEmail`, with FusionAuth's default when unset. A failed delivery is
 * logged; the mailbox keeps the message either way, and the API call that sent it still succeeds.
 */
import type { MailMessage } from '../state/model.ts';

/** FusionAuth's default sender when the tenant names none. */
export const DEFAULT_FROM = 'change-me@example.com';

export type MailRelay = (message: MailMessage, from: string) => void;

/** A relay to the SMTP server at `url` (`smtp://` or `smtps://`, optionally with user:password@). */
export async function createSmtpRelay(
  url: string,
  onError: (error: unknown, message: MailMessage) => void,
): Promise<MailRelay> {
  const { createTransport } = await import('nodemailer');
  const transport = createTransport(url);
  return (message, from) => {
    transport
      .sendMail({ from, to: message.to, subject: message.subject, text: message.text, html: message.html })
      .catch((error: unknown) => onError(error, message));
  };
}

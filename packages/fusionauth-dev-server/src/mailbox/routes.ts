/**
 * GET /dev/mailbox: the development mailbox (not a FusionAuth API). HTML for people, with each
 * message's links clickable; `Accept: application/json` gives
 * `{"messages":[{"to","subject","text","html","createInstant"}]}`, newest first.
 */
import type { FastifyInstance } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { listMessages } from '../domain/mailbox-messages.ts';
import { html, type Html } from '../http/html.ts';
import { sendHostedPage } from '../oauth/hosted-page.ts';
import type { MailMessage } from '../state/model.ts';

/** Text with its http(s) URLs turned into links; everything escaped. */
function linkified(text: string): Html[] {
  return text
    .split(/(https?:\/\/[^\s<>"]+)/)
    .map((part, index) => (index % 2 === 1 ? html`<a href="${part}">${part}</a>` : html`${part}`));
}

function messageView(message: MailMessage): Html {
  return html`<article>
  <h3>${message.subject}</h3>
  <p>To ${message.to}, ${new Date(message.createInstant).toISOString()}</p>
  <pre>${linkified(message.text)}</pre>
</article>`;
}

/** Registers GET /dev/mailbox. */
export function registerMailboxRoutes(app: FastifyInstance, context: DevServerContext): void {
  app.get('/dev/mailbox', async (request, reply) => {
    const messages = listMessages(context).reverse();
    if ((request.headers.accept ?? '').includes('application/json')) {
      return reply.header('cache-control', 'no-store').send({
        messages: messages.map(({ to, subject, text, html: body, createInstant }) => ({
          to,
          subject,
          text,
          html: body,
          createInstant,
        })),
      });
    }
    const body = html`${messages.length === 0 ? html`<p>No messages yet.</p>` : messages.map(messageView)}`;
    return sendHostedPage(reply, { title: 'Mailbox | FusionAuth dev server', heading: 'Mailbox', body });
  });
}

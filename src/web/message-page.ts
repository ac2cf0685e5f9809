import { html } from './html.ts';
import { layout, type PageFrame } from './layout.ts';

export interface Message {
  title: string;
  text: string;
  /** A link that lets the person carry on, e.g. "Try again". */
  action?: { href: string; label: string };
}

/** A page that explains an outcome or a failure in plain words. */
export function messagePage(frame: Omit<PageFrame, 'title'>, message: Message): string {
  return layout(
    { ...frame, title: message.title },
    html`<section class="card">
  <h1>${message.title}</h1>
  <p>${message.text}</p>
  ${message.action ? html`<p><a class="button" href="${message.action.href}">${message.action.label}</a></p>` : ''}
</section>`,
  );
}

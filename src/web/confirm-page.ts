import { html } from './html.ts';
import { csrfField } from './form-field.ts';
import { layout, type PageFrame } from './layout.ts';

export interface Confirmation {
  title: string;
  /** What will happen, in plain words, and whether it can be undone. */
  text: string;
  /** Where the form posts; the handler acts only when `confirm` comes back with it. */
  action: string;
  confirm: string;
  button: string;
  cancelHref: string;
}

/**
 * The step before an action that cannot be taken back at a click: a page of its own with a POST form
 * (no script, so it works without JavaScript) and a way back.
 */
export function confirmPage(
  frame: Omit<PageFrame, 'title'> & { csrfToken: string },
  confirmation: Confirmation,
): string {
  return layout(
    { ...frame, title: confirmation.title },
    html`<section class="card narrow">
  <h1>${confirmation.title}</h1>
  <p>${confirmation.text}</p>
  <form method="post" action="${confirmation.action}">
    ${csrfField(frame.csrfToken)}
    <input type="hidden" name="confirm" value="${confirmation.confirm}">
    <button type="submit" class="danger">${confirmation.button}</button>
  </form>
  <p><a href="${confirmation.cancelHref}">Cancel</a></p>
</section>`,
  );
}

import { html, type Html } from './html.ts';

export interface FieldOptions {
  name: string;
  /** The element id, when two forms on one page have a field of the same name (default `field-<name>`). */
  id?: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  value?: string;
  error?: string;
  autocomplete?: string;
  required?: boolean;
  maxLength?: number;
  /** A line under the label that says what to type; read with the field (aria-describedby). */
  hint?: string;
  /** The page exists to fill this field in (a code page, the sign-in form): focus it on load. */
  autofocus?: boolean;
}

/**
 * A labelled input whose error sits next to it, tied with aria-describedby and announced with
 * role=alert. Password fields never echo a value. A field with an error takes `autofocus`: the
 * browser focuses the first one on the page, so after a failed submit focus lands on what to fix
 * (https://www.w3.org/WAI/tutorials/forms/notifications/), with no script.
 */
export function formField(options: FieldOptions): Html {
  const id = options.id ?? `field-${options.name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [options.hint ? hintId : '', options.error ? errorId : ''].filter(Boolean).join(' ');
  const value = options.type === 'password' ? '' : (options.value ?? '');
  return html`<div class="field${options.error ? ' has-error' : ''}">
  <label for="${id}">${options.label}</label>
  ${options.hint ? html`<p class="hint" id="${hintId}">${options.hint}</p>` : ''}
  <input id="${id}" name="${options.name}" type="${options.type ?? 'text'}" value="${value}"
    ${options.autocomplete ? html`autocomplete="${options.autocomplete}"` : ''}
    ${options.required ? html`required` : ''}
    ${options.autofocus || options.error ? html`autofocus` : ''}
    ${options.maxLength ? html`maxlength="${options.maxLength}"` : ''}
    ${options.error ? html`aria-invalid="true"` : ''}
    ${describedBy ? html`aria-describedby="${describedBy}"` : ''}>
  ${options.error ? html`<p class="field-error" id="${errorId}" role="alert">${options.error}</p>` : ''}
</div>`;
}

/** The hidden CSRF field every state-changing form carries. */
export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

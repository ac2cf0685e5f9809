import { html, type Html } from '../html.ts';

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
}

/**
 * A labelled input whose error sits next to it, tied with aria-describedby and announced with
 * role=alert. Password fields never echo a value.
 */
export function formField(options: FieldOptions): Html {
  const id = options.id ?? `field-${options.name}`;
  const errorId = `${id}-error`;
  const value = options.type === 'password' ? '' : (options.value ?? '');
  return html`<div class="field${options.error ? ' has-error' : ''}">
  <label for="${id}">${options.label}</label>
  <input id="${id}" name="${options.name}" type="${options.type ?? 'text'}" value="${value}"
    ${options.autocomplete ? html`autocomplete="${options.autocomplete}"` : ''}
    ${options.required ? html`required` : ''}
    ${options.maxLength ? html`maxlength="${options.maxLength}"` : ''}
    ${options.error ? html`aria-invalid="true" aria-describedby="${errorId}"` : ''}>
  ${options.error ? html`<p class="field-error" id="${errorId}" role="alert">${options.error}</p>` : ''}
</div>`;
}

/** The hidden CSRF field every state-changing form carries. */
export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

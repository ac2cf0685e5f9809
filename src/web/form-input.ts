/**
 * Reads one text field of a parsed form body. Anything but a single string (a repeated field, a
 * missing one, a non-form body) reads as undefined, so handlers treat it like an empty field.
 */
export function formText(body: unknown, name: string): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Field length limits: RFC 5321's 254 for an email, generous but bounded for the rest. */
export const FIELD_LIMITS = Object.freeze({ email: 254, password: 256, name: 100 });

import { Type, type TProperties } from '@fastify/type-provider-typebox';

/**
 * A text field as a browser sends it, or absent. Routes declare their fields with it (Fastify's JSON
 * schema, typed through TypeBox), so the handler gets strings and bad input (a repeated field, which
 * arrives as an array) gets the 400 page before any handler runs.
 */
export const FormText = Type.Optional(Type.String());

/** A form body: the route's text fields and the CSRF token every form carries; other fields are ignored. */
export function formBody<T extends TProperties>(fields: T) {
  return Type.Object({ ...fields, _csrf: FormText });
}

/** A query string of optional text parameters. */
export function queryOf<T extends TProperties>(parameters: T) {
  return Type.Object(parameters);
}

/**
 * Reads one text field of a body no route schema describes (the rate limiter reads the email of
 * whichever form it guards). Anything but a single string reads as undefined.
 */
export function formText(body: unknown, name: string): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Field length limits: RFC 5321's 254 for an email, generous but bounded for the rest. */
export const FIELD_LIMITS = Object.freeze({ email: 254, password: 256, name: 100 });

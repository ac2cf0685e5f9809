/**
 * Request bodies as FusionAuth accepts them: JSON (also the RFC 7396 / RFC 6902 PATCH types), forms,
 * and anything else as raw text, so calls that send `text/plain` or no body (the TS client's `logout`,
 * `reactivateUser`) never meet a 415. Invalid JSON is a 400 in FusionAuth's error shape.
 */
import type { FastifyInstance } from 'fastify';
import type { JsonObject } from '../state/model.ts';
import { FusionAuthValidationError, generalError } from './errors.ts';

const JSON_TYPES = ['application/json', 'application/merge-patch+json', 'application/json-patch+json'];

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new FusionAuthValidationError(
      generalError('[invalidJSON]', `Unable to parse JSON. The request body was invalid: ${detail}`),
    );
  }
}

/** Replaces Fastify's body parsers with FusionAuth-tolerant ones. */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJson(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });
}

/** The body as a JSON object, or `{}` when there is none (or it is text). */
export function bodyObject(body: unknown): JsonObject {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as JsonObject) : {};
}

/** A nested object of the body (`user`, `registration`, `application`…), or undefined. */
export function bodyPart(body: unknown, key: string): JsonObject | undefined {
  const value = bodyObject(body)[key];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

/**
 * A request value as FusionAuth echoes it in messages and as a string key: scalars as they are, objects and
 * arrays as JSON (never "[object Object]").
 */
export function displayText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

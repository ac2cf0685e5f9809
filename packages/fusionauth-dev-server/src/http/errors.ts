/**
 * FusionAuth's error shapes (https://fusionauth.io/docs/apis/errors): 400 answers carry
 * `{generalErrors:[{code,message}], fieldErrors:{"user.email":[{code:"[duplicate]user.email",message}]}}`;
 * 401 and 404 answer with an empty body.
 */
import type { FastifyReply } from 'fastify';

export interface ErrorEntry {
  code: string;
  message: string;
}

export interface Errors {
  generalErrors?: ErrorEntry[];
  fieldErrors?: Record<string, ErrorEntry[]>;
}

/** Collects field and general errors, then tells whether there were any. */
export class ErrorCollector {
  private readonly fields: Record<string, ErrorEntry[]> = {};
  private readonly generalEntries: ErrorEntry[] = [];

  /** Adds `[reason]field` with its message. */
  field(field: string, reason: string, message: string): this {
    (this.fields[field] ??= []).push({ code: `[${reason}]${field}`, message });
    return this;
  }

  /** Adds a general error such as `[invalid]`. */
  general(code: string, message: string): this {
    this.generalEntries.push({ code, message });
    return this;
  }

  get empty(): boolean {
    return this.generalEntries.length === 0 && Object.keys(this.fields).length === 0;
  }

  toErrors(): Errors {
    const errors: Errors = {};
    if (this.generalEntries.length > 0) errors.generalErrors = this.generalEntries;
    if (Object.keys(this.fields).length > 0) errors.fieldErrors = this.fields;
    return errors;
  }
}

/** A single field error, e.g. `fieldError('refreshToken', 'invalid', '…')`. */
export function fieldError(field: string, reason: string, message: string): Errors {
  return new ErrorCollector().field(field, reason, message).toErrors();
}

/** A single general error, e.g. `generalError('[TenantIdRequired]', '…')`. */
export function generalError(code: string, message: string): Errors {
  return { generalErrors: [{ code, message }] };
}

/** 400 with an Errors body. */
export function sendErrors(reply: FastifyReply, errors: Errors): FastifyReply {
  return reply.code(400).type('application/json; charset=UTF-8').send(errors);
}

/** A status with no body at all: FusionAuth's 401, 404, 423, and 200 on deletes. */
export function sendEmpty(reply: FastifyReply, status: number): FastifyReply {
  return reply.code(status).removeHeader('content-type').send();
}

/** Raised from a body parser or handler when FusionAuth would answer 400 with `errors`. */
export class FusionAuthValidationError extends Error {
  readonly statusCode = 400;
  constructor(readonly errors: Errors) {
    super(errors.generalErrors?.[0]?.message ?? 'Validation failed');
  }
}

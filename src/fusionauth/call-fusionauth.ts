import type { Errors } from '@fusionauth/typescript-client';
import { AppError } from '../errors.ts';

/** What the official client resolves or rejects with (its ClientResponse). */
export interface ClientAnswer<T> {
  statusCode?: number;
  response?: T;
  exception?: unknown;
}

/** A FusionAuth answer as a value: any 2xx or 4xx status, with the parsed body where there is one. */
export interface FusionAuthAnswer<T> {
  statusCode: number;
  response: T | undefined;
  /** FusionAuth's Errors object on a 400; undefined for the empty 401/404 bodies. */
  errors: Errors | undefined;
}

/**
 * Runs one call of the official client and turns every HTTP answer into a value. The client resolves
 * on 2xx and rejects with a ClientResponse otherwise (its `exception` holds the error JSON, or the
 * network error); an unreachable server, a 5xx, or no answer within `timeoutMs` is a fault: AppError
 * FUSIONAUTH_UNAVAILABLE.
 */
export async function callFusionAuth<T>(
  call: () => Promise<ClientAnswer<T>>,
  timeoutMs: number,
): Promise<FusionAuthAnswer<T>> {
  let answer: ClientAnswer<T>;
  try {
    answer = await withTimeout(call(), timeoutMs);
  } catch (rejection) {
    answer = isClientAnswer<T>(rejection) ? rejection : { exception: networkErrorIn(rejection) };
  }
  const status = answer.statusCode;
  if (status === undefined || status >= 500) {
    throw new AppError('FUSIONAUTH_UNAVAILABLE', `FusionAuth did not answer (${status ?? 'no response'})`, {
      cause: status === undefined ? withoutUrls(answer.exception) : answer.exception,
    });
  }
  return {
    statusCode: status,
    response: status < 300 ? answer.response : undefined,
    errors: status >= 300 ? (answer.exception as Errors | undefined) : undefined,
  };
}

function isClientAnswer<T>(value: unknown): value is ClientAnswer<T> {
  return typeof value === 'object' && value !== null && 'statusCode' in value;
}

/** A ClientResponse without a status carries the network error the client caught. */
function networkErrorIn(rejection: unknown): unknown {
  return typeof rejection === 'object' && rejection !== null && 'exception' in rejection
    ? rejection.exception
    : rejection;
}

/**
 * The network error to log, without the request URL that node-fetch writes into its messages: the
 * URL can hold a changePasswordId (in the path) or a two-factor code (in the query).
 */
function withoutUrls(fault: unknown): Error {
  const message = fault instanceof Error ? fault.message : String(fault);
  const safe = new Error(message.replace(/\bhttps?:\/\/\S+/gi, '<url>'));
  const code = typeof fault === 'object' && fault !== null && 'code' in fault ? fault.code : undefined;
  safe.name = fault instanceof Error ? fault.name : 'Error';
  return typeof code === 'string' ? Object.assign(safe, { code }) : safe;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The system configuration (https://fusionauth.io/docs/apis/system): one object per install, with FusionAuth's
 * defaults, of which the dev server acts on `corsConfiguration` (https://fusionauth.io/docs/operate/secure-and-monitor/cors);
 * the other blocks are kept as sent. The CORS filter is off by default, as on a fresh FusionAuth.
 */
import { stateOf, type DevServerContext } from '../context.ts';
import type { ErrorCollector } from '../http/errors.ts';
import type { Json, JsonObject } from '../state/model.ts';
import { objectAt } from './settings.ts';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const IDENTITY_FIELDS = ['insertInstant', 'lastUpdateInstant'];

/** The CORS settings the dev server applies to its APIs and hosted pages. */
export interface CorsSettings {
  enabled: boolean;
  allowCredentials: boolean;
  allowedHeaders: string[];
  allowedMethods: string[];
  allowedOrigins: string[];
  exposedHeaders: string[];
  preflightMaxAgeInSeconds: number;
}

const DEFAULT_CORS: CorsSettings = {
  enabled: false,
  allowCredentials: false,
  allowedHeaders: [
    'Accept',
    'Access-Control-Request-Headers',
    'Access-Control-Request-Method',
    'Authorization',
    'Content-Type',
    'Last-Event-ID',
    'Origin',
    'X-FusionAuth-TenantId',
    'X-Requested-With',
  ],
  allowedMethods: ['GET', 'OPTIONS'],
  allowedOrigins: [],
  exposedHeaders: [],
  preflightMaxAgeInSeconds: 1800,
};

function defaults(now: number): JsonObject {
  return {
    auditLogConfiguration: { delete: { enabled: false, numberOfDaysToRetain: 365 } },
    corsConfiguration: { ...DEFAULT_CORS, debug: false },
    data: {},
    eventLogConfiguration: { numberToRetain: 10_000 },
    loginRecordConfiguration: { delete: { enabled: false, numberOfDaysToRetain: 365 } },
    reportTimezone: 'America/Denver',
    uiConfiguration: {},
    insertInstant: now,
    lastUpdateInstant: now,
  };
}

/** The system configuration, FusionAuth's defaults until someone changes it. */
export function systemConfiguration(context: DevServerContext): JsonObject {
  return stateOf(context).systemConfiguration ?? defaults(context.now());
}

function strings(value: Json | undefined): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

function checkCors(cors: JsonObject, errors: ErrorCollector): void {
  const path = 'systemConfiguration.corsConfiguration';
  const origins = strings(cors.allowedOrigins ?? []);
  if (!origins || origins.some((origin) => origin !== '*' && !URL.canParse(origin))) {
    errors.field(`${path}.allowedOrigins`, 'invalid', `The [${path}.allowedOrigins] property must hold URLs or *.`);
  } else if (origins.includes('*') && origins.length > 1) {
    errors.field(
      `${path}.allowedOrigins`,
      'invalid',
      `When [${path}.allowedOrigins] holds *, it may hold nothing else.`,
    );
  }
  const methods = strings(cors.allowedMethods ?? []);
  if (!methods || methods.some((method) => !HTTP_METHODS.includes(method))) {
    errors.field(`${path}.allowedMethods`, 'invalid', `The [${path}.allowedMethods] property must hold HTTP methods.`);
  }
  for (const field of ['allowedHeaders', 'exposedHeaders']) {
    if (!strings(cors[field] ?? []))
      errors.field(`${path}.${field}`, 'invalid', `The [${path}.${field}] property must be a list.`);
  }
  const maxAge = cors.preflightMaxAgeInSeconds;
  if (maxAge !== undefined && (typeof maxAge !== 'number' || !Number.isInteger(maxAge) || maxAge < 0)) {
    errors.field(
      `${path}.preflightMaxAgeInSeconds`,
      'invalid',
      `The [${path}.preflightMaxAgeInSeconds] property must be a number of seconds.`,
    );
  }
}

/**
 * Replaces the system configuration with `input` (blocks it leaves out get FusionAuth's defaults), once valid;
 * returns the stored object, or null with the problems in `errors`.
 */
export function saveSystemConfiguration(
  context: DevServerContext,
  input: JsonObject,
  errors: ErrorCollector,
): JsonObject | null {
  const cors = { ...DEFAULT_CORS, debug: false, ...objectAt(input, 'corsConfiguration') };
  checkCors(cors, errors);
  if (!errors.empty) return null;
  const previous = systemConfiguration(context);
  const saved: JsonObject = { ...defaults(context.now()) };
  for (const [key, value] of Object.entries(input)) if (!IDENTITY_FIELDS.includes(key)) saved[key] = value;
  saved.corsConfiguration = cors;
  saved.insertInstant = previous.insertInstant ?? context.now();
  stateOf(context).systemConfiguration = saved;
  context.store.changed();
  return saved;
}

/** The CORS settings in force. */
export function corsSettings(context: DevServerContext): CorsSettings {
  const cors = objectAt(systemConfiguration(context), 'corsConfiguration');
  const list = (key: keyof CorsSettings, fallback: string[]) => strings(cors[key]) ?? fallback;
  return {
    enabled: cors.enabled === true,
    allowCredentials: cors.allowCredentials === true,
    allowedHeaders: list('allowedHeaders', DEFAULT_CORS.allowedHeaders),
    allowedMethods: list('allowedMethods', DEFAULT_CORS.allowedMethods),
    allowedOrigins: list('allowedOrigins', []),
    exposedHeaders: list('exposedHeaders', []),
    preflightMaxAgeInSeconds:
      typeof cors.preflightMaxAgeInSeconds === 'number'
        ? cors.preflightMaxAgeInSeconds
        : DEFAULT_CORS.preflightMaxAgeInSeconds,
  };
}

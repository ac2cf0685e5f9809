/**
 * Environment → frozen, typed configuration. Validated once at start-up: a bad value stops the app
 * with a message that names the variable and says what is allowed.
 */

/** FusionAuth's quickstart development values, used by the embedded dev server's kickstart. */
export const DEV_FUSIONAUTH = Object.freeze({
  apiKey: '33052c8a-c283-4e96-9d2a-eb1215c69f8f-not-for-prod',
  clientId: 'e9fdb985-9173-4e01-9d73-ac2d60d1dc8e',
  clientSecret: 'super-secret-secret-that-should-be-regenerated-for-production',
  tenantId: 'd7d09513-a3f5-401c-9685-34ab6c552453',
});

export type SessionMode = 'user' | 'tokens';
export type LoginFlow = 'form' | 'oauth';
export type SessionStoreKind = 'file' | 'memory' | 'redis';
export type SameSite = 'lax' | 'strict' | 'none';

/** Settings of the FusionAuth-compatible dev server started by `npm start` when FUSIONAUTH_URL is unset. */
export interface EmbeddedIdpConfig {
  host: string;
  port: number;
  dataDir: string;
  kickstartFile: string | null;
  passwordFactor: number | undefined;
}

export interface AppConfig {
  port: number;
  host: string;
  /** Public base URL of the app, without a trailing slash. */
  appUrl: string;
  fusionAuth: {
    url: string;
    apiKey: string;
    clientId: string;
    clientSecret: string;
    tenantId: string | undefined;
  };
  /** Present when the app starts its own dev server instead of using a real FusionAuth. */
  embeddedIdp: EmbeddedIdpConfig | null;
  session: {
    cookieName: string;
    sameSite: SameSite;
    expireSeconds: number;
    idleSeconds: number;
    mode: SessionMode;
    store: SessionStoreKind;
    dir: string;
    redisUrl: string;
    redisPrefix: string;
  };
  loginFlow: LoginFlow;
  userRecheckSeconds: number;
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates the whole configuration from `env`. Throws a ConfigError naming the variable. */
export function loadConfig(env: Env): Readonly<AppConfig> {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const port = readInteger(read, 'PORT', 8000, 1, 65535);
  const appUrl = readUrl(read, 'APP_URL', `http://localhost:${port}`);
  const fusionAuthUrl = readFusionAuthUrl(read);
  const embeddedIdp = fusionAuthUrl === undefined ? readEmbeddedIdp(read, env) : null;
  const expireSeconds = readInteger(read, 'SESSION_EXPIRE_SECONDS', 14 * 24 * 3600, 60, 10 * 365 * 24 * 3600);
  const config: AppConfig = {
    port,
    host: read('HOST') ?? '0.0.0.0',
    appUrl,
    fusionAuth: {
      url: fusionAuthUrl ?? `http://${embeddedIdp?.host}:${embeddedIdp?.port}`,
      apiKey: read('FUSIONAUTH_API_KEY') ?? devDefault(embeddedIdp, 'FUSIONAUTH_API_KEY', DEV_FUSIONAUTH.apiKey),
      clientId: read('FUSIONAUTH_CLIENT_ID') ?? devDefault(embeddedIdp, 'FUSIONAUTH_CLIENT_ID', DEV_FUSIONAUTH.clientId),
      clientSecret:
        read('FUSIONAUTH_CLIENT_SECRET') ??
        devDefault(embeddedIdp, 'FUSIONAUTH_CLIENT_SECRET', DEV_FUSIONAUTH.clientSecret),
      tenantId: read('FUSIONAUTH_TENANT_ID') ?? (embeddedIdp ? DEV_FUSIONAUTH.tenantId : undefined),
    },
    embeddedIdp,
    session: {
      cookieName: readCookieName(read),
      sameSite: readChoice(read, 'SESSION_SAME_SITE', ['lax', 'strict', 'none'], 'lax'),
      expireSeconds,
      idleSeconds: readInteger(read, 'SESSION_IDLE_SECONDS', expireSeconds, 60, expireSeconds),
      mode: readChoice(read, 'SESSION_MODE', ['user', 'tokens'], 'user'),
      store: readChoice(read, 'SESSION_STORE', ['file', 'memory', 'redis'], 'file'),
      dir: read('SESSION_DIR') ?? '.sessions',
      redisUrl: readRedisUrl(read),
      redisPrefix: read('REDIS_PREFIX') ?? 'fa:',
    },
    loginFlow: readChoice(read, 'LOGIN_FLOW', ['form', 'oauth'], 'form'),
    userRecheckSeconds: readInteger(read, 'USER_RECHECK_SECONDS', 30, 0, 3600),
    logLevel: readChoice(read, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  };
  return deepFreeze(config);
}

type Read = (name: string) => string | undefined;

function readInteger(read: Read, name: string, fallback: number, min: number, max: number): number {
  const raw = read(name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function readChoice<T extends string>(read: Read, name: string, allowed: readonly T[], fallback: T): T {
  const raw = read(name);
  if (raw === undefined) return fallback;
  const value = raw.toLowerCase() as T;
  if (!allowed.includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return value;
}

function readUrl(read: Read, name: string, fallback: string): string {
  const raw = read(name) ?? fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `must be an http or https URL, got "${raw}"`);
  }
  return url.href.replace(/\/+$/, '');
}

/** FUSIONAUTH_URL, or the original example's FUSIONAUTH_HOST_IP + FUSIONAUTH_HOST_PORT. */
function readFusionAuthUrl(read: Read): string | undefined {
  if (read('FUSIONAUTH_URL') !== undefined) return readUrl(read, 'FUSIONAUTH_URL', '');
  const hostIp = read('FUSIONAUTH_HOST_IP');
  if (hostIp === undefined) return undefined;
  const hostPort = readInteger(read, 'FUSIONAUTH_HOST_PORT', 9011, 1, 65535);
  return readUrl(() => `http://${hostIp}:${hostPort}`, 'FUSIONAUTH_HOST_IP', '');
}

function readRedisUrl(read: Read): string {
  const raw = read('REDIS_URL') ?? 'redis://127.0.0.1:6379';
  if (!/^(rediss?|redis\+sentinel):\/\//.test(raw)) {
    throw new ConfigError('REDIS_URL', `must be a redis:// or rediss:// URL, got "${raw}"`);
  }
  return raw;
}

function readEmbeddedIdp(read: Read, env: Env): EmbeddedIdpConfig {
  // An empty IDP_KICKSTART means "no kickstart", as for the dev server on its own.
  const kickstart = env.IDP_KICKSTART === undefined ? 'kickstart/kickstart.json' : read('IDP_KICKSTART') ?? null;
  return {
    host: read('IDP_HOST') ?? '127.0.0.1',
    port: readInteger(read, 'IDP_PORT', 9011, 1, 65535),
    dataDir: read('IDP_DATA') ?? '.idp',
    kickstartFile: kickstart,
    passwordFactor: read('IDP_PASSWORD_FACTOR') === undefined ? undefined : readInteger(read, 'IDP_PASSWORD_FACTOR', 0, 1, 10_000_000),
  };
}

function devDefault(embedded: EmbeddedIdpConfig | null, name: string, value: string): string {
  if (embedded) return value;
  throw new ConfigError(name, 'is required when FUSIONAUTH_URL points at a FusionAuth');
}

function readCookieName(read: Read): string {
  const name = read('SESSION_COOKIE') ?? 'session';
  // RFC 6265 token characters only, so the name can never break the Set-Cookie header.
  if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,64}$/.test(name)) {
    throw new ConfigError('SESSION_COOKIE', `must be a cookie name of letters, digits or -._~, got "${name}"`);
  }
  return name;
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') deepFreeze(child as object);
  }
  return Object.freeze(value);
}

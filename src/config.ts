/**
 * Environment → frozen, typed configuration. Validated once at start-up: a bad value stops the app
 * with a message that names the variable and says what is allowed.
 */

import { isIP } from 'node:net';
import { assertProductionReady } from './production-guard.ts';
import { DEV_FUSIONAUTH } from './dev-fusionauth.ts';
import { parseRedisUrl } from './sessions/redis-url.ts';
import { configError } from './errors.ts';
import { deepFreeze, readChoice, readerOf, readInteger, readUrl, type Env, type Read } from './config-readers.ts';
import { DEFAULT_REDIS_COMMAND_TIMEOUT_MS } from './sessions/redis-client.ts';
import type { AppConfig, EmbeddedIdpConfig } from './app-config.ts';

export { DEV_FUSIONAUTH };

/** Reads and validates the whole configuration from `env`. Throws a CONFIG_INVALID error naming the variable. */
export function loadConfig(env: Env): Readonly<AppConfig> {
  const read = readerOf(env);
  const port = readInteger(read, 'PORT', 8000, 1, 65535);
  const appUrl = readUrl(read, 'APP_URL', `http://localhost:${port}`);
  const fusionAuthUrl = readFusionAuthUrl(read);
  const embeddedIdp = fusionAuthUrl === undefined ? readEmbeddedIdp(read, env) : null;
  const expireSeconds = readInteger(read, 'SESSION_EXPIRE_SECONDS', 14 * 24 * 3600, 60, 10 * 365 * 24 * 3600);
  const config: AppConfig = {
    appName: readAppName(read),
    port,
    host: read('HOST') ?? '0.0.0.0',
    appUrl,
    fusionAuth: {
      url: fusionAuthUrl ?? `http://${embeddedIdp?.host}:${embeddedIdp?.port}`,
      apiKey: read('FUSIONAUTH_API_KEY') ?? devDefault(embeddedIdp, 'FUSIONAUTH_API_KEY', DEV_FUSIONAUTH.apiKey),
      clientId:
        read('FUSIONAUTH_CLIENT_ID') ?? devDefault(embeddedIdp, 'FUSIONAUTH_CLIENT_ID', DEV_FUSIONAUTH.clientId),
      clientSecret:
        read('FUSIONAUTH_CLIENT_SECRET') ??
        devDefault(embeddedIdp, 'FUSIONAUTH_CLIENT_SECRET', DEV_FUSIONAUTH.clientSecret),
      tenantId: read('FUSIONAUTH_TENANT_ID') ?? (embeddedIdp ? DEV_FUSIONAUTH.tenantId : undefined),
      webhookSecret: readWebhookSecret(read) ?? (embeddedIdp ? DEV_FUSIONAUTH.webhookSecret : undefined),
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
      redisPrefix: readRedisPrefix(read),
      redisCommandTimeoutMs: readInteger(
        read,
        'REDIS_COMMAND_TIMEOUT_MS',
        DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
        50,
        60_000,
      ),
    },
    loginFlow: readChoice(read, 'LOGIN_FLOW', ['form', 'oauth'], 'form'),
    userRecheckSeconds: readInteger(read, 'USER_RECHECK_SECONDS', 30, 0, 3600),
    userStaleIfErrorSeconds: readInteger(read, 'USER_STALE_IF_ERROR_SECONDS', 600, 0, 86_400),
    logLevel: readChoice(read, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    tls: readTls(read),
    trustProxy: readTrustProxy(read),
    rateLimit: {
      max: readInteger(read, 'RATE_LIMIT_MAX', 20, 1, 100_000),
      windowSeconds: readInteger(read, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
    },
    reauthSeconds: readInteger(read, 'REAUTH_SECONDS', 300, 0, 86_400),
    requestTimeoutSeconds: readInteger(read, 'REQUEST_TIMEOUT_SECONDS', 30, 1, 3600),
    metricsToken: readMetricsToken(read),
    production: env.NODE_ENV === 'production',
  };
  if (config.session.sameSite === 'none' && !appUrl.startsWith('https:')) {
    // Browsers drop a SameSite=None cookie that is not Secure, and Secure needs https.
    throw configError(
      'SESSION_SAME_SITE',
      'none needs an https APP_URL: browsers refuse SameSite=None cookies without Secure',
    );
  }
  if (config.production) assertProductionReady(config, read);
  return deepFreeze(config);
}

/** At least 32 characters, so it cannot be guessed: e.g. `openssl rand -base64 32`. */
function readMetricsToken(read: Read): string | undefined {
  const token = read('METRICS_TOKEN');
  if (token !== undefined && (token.length < 32 || /\s/.test(token))) {
    throw configError(
      'METRICS_TOKEN',
      `must be at least 32 characters without spaces (e.g. openssl rand -base64 32), got ${token.length}`,
    );
  }
  return token;
}

/** At least 32 characters: a FusionAuth-generated HS256 secret is 44 (32 random bytes, Base64). */
function readWebhookSecret(read: Read): string | undefined {
  const secret = read('FUSIONAUTH_WEBHOOK_SECRET');
  if (secret !== undefined && secret.length < 32) {
    throw configError(
      'FUSIONAUTH_WEBHOOK_SECRET',
      `must be at least 32 characters (the webhook signing key's HMAC secret), got ${secret.length}`,
    );
  }
  return secret;
}

/** FUSIONAUTH_URL, or the original example's FUSIONAUTH_HOST_IP + FUSIONAUTH_HOST_PORT. */
function readFusionAuthUrl(read: Read): string | undefined {
  if (read('FUSIONAUTH_URL') !== undefined) return readUrl(read, 'FUSIONAUTH_URL', '');
  const hostIp = read('FUSIONAUTH_HOST_IP');
  if (hostIp === undefined) return undefined;
  const hostPort = readInteger(read, 'FUSIONAUTH_HOST_PORT', 9011, 1, 65535);
  return readUrl(() => `http://${hostIp}:${hostPort}`, 'FUSIONAUTH_HOST_IP', '');
}

function readTls(read: Read): AppConfig['tls'] {
  const certFile = read('TLS_CERT_FILE');
  const keyFile = read('TLS_KEY_FILE');
  if (certFile === undefined && keyFile === undefined) return null;
  if (certFile === undefined) throw configError('TLS_CERT_FILE', 'is required when TLS_KEY_FILE is set');
  if (keyFile === undefined) throw configError('TLS_KEY_FILE', 'is required when TLS_CERT_FILE is set');
  return { certFile, keyFile };
}

/** A hop count ("1") or a comma-separated list of addresses and CIDR ranges ("10.0.0.0/8,127.0.0.1"). */
function readTrustProxy(read: Read): AppConfig['trustProxy'] {
  const raw = read('TRUST_PROXY');
  if (raw === undefined || raw === 'false') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    if (family === 0 || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= maxBits))) {
      throw configError(
        'TRUST_PROXY',
        `must be a hop count or a comma-separated list of IP addresses or CIDR ranges, got "${entry}"`,
      );
    }
  }
  return entries;
}

function readRedisUrl(read: Read): string {
  const raw = read('REDIS_URL') ?? 'redis://127.0.0.1:6379';
  try {
    parseRedisUrl(raw);
  } catch (error) {
    throw configError('REDIS_URL', (error as Error).message);
  }
  return raw;
}

/** No braces: the store appends its own hash tag, which a brace in the prefix would change. */
function readRedisPrefix(read: Read): string {
  const prefix = read('REDIS_PREFIX') ?? 'fa:';
  if (/[{}]/.test(prefix))
    throw configError(
      'REDIS_PREFIX',
      `must not contain { or } (the app adds its own Redis Cluster hash tag), got "${prefix}"`,
    );
  return prefix;
}

function readEmbeddedIdp(read: Read, env: Env): EmbeddedIdpConfig {
  // An empty IDP_KICKSTART means "no kickstart", as for the dev server on its own.
  const kickstart = env.IDP_KICKSTART === undefined ? 'kickstart/kickstart.json' : (read('IDP_KICKSTART') ?? null);
  return {
    host: read('IDP_HOST') ?? '127.0.0.1',
    port: readInteger(read, 'IDP_PORT', 9011, 1, 65535),
    dataDir: read('IDP_DATA') ?? '.idp',
    kickstartFile: kickstart,
    passwordFactor:
      read('IDP_PASSWORD_FACTOR') === undefined
        ? undefined
        : readInteger(read, 'IDP_PASSWORD_FACTOR', 0, 1, 10_000_000),
    smtpUrl: readSmtpUrl(read),
  };
}

function readSmtpUrl(read: Read): string | undefined {
  const raw = read('IDP_SMTP_URL');
  if (raw !== undefined && !/^smtps?:\/\/[^/\s]+/.test(raw)) {
    throw configError('IDP_SMTP_URL', `must be an smtp:// or smtps:// URL, e.g. smtp://127.0.0.1:1025, got "${raw}"`);
  }
  return raw;
}

function devDefault(embedded: EmbeddedIdpConfig | null, name: string, value: string): string {
  if (embedded) return value;
  throw configError(name, 'is required when FUSIONAUTH_URL points at a FusionAuth');
}

/** Plain text of 1 to 60 characters: it is shown in every page's header and title. */
function readAppName(read: Read): string {
  const name = read('APP_NAME') ?? 'Acme Account';
  // eslint-disable-next-line no-control-regex
  if (name.length > 60 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw configError('APP_NAME', `must be 1 to 60 characters without control characters, got ${name.length}`);
  }
  return name;
}

function readCookieName(read: Read): string {
  const name = read('SESSION_COOKIE') ?? 'session';
  // RFC 6265 token characters only, so the name can never break the Set-Cookie header.
  if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,64}$/.test(name)) {
    throw configError('SESSION_COOKIE', `must be a cookie name of letters, digits or -._~, got "${name}"`);
  }
  return name;
}

/**
 * REDIS_URL → which kind of Redis to connect to. A plain `redis://` (or `rediss://`) URL is one
 * server; `redis+sentinel://` names Redis Sentinels and the primary they watch; `redis+cluster://`
 * gives a seed list of Redis Cluster nodes. Several hosts do not fit WHATWG URL parsing, so the
 * two multi-host forms are read here.
 */

/** A host and port of a Sentinel or a Cluster seed node. */
export interface RedisHost {
  host: string;
  port: number;
}

/** Credentials and transport shared by every node of a Sentinel or Cluster setup. */
export interface RedisNodeAccess {
  username: string | undefined;
  password: string | undefined;
  tls: boolean;
}

/** Where the app's Redis is. */
export type RedisTarget =
  | { kind: 'standalone'; url: string }
  | ({ kind: 'sentinel'; sentinels: RedisHost[]; primaryName: string; db: number } & RedisNodeAccess)
  | ({ kind: 'cluster'; seeds: RedisHost[] } & RedisNodeAccess);

/** The syntax, for error messages and docs. */
export const REDIS_URL_FORMS =
  'redis://[user:password@]host:port[/db], redis+sentinel://[user:password@]host:port[,host:port…]/primary-name[/db] ' +
  'or redis+cluster://[user:password@]host:port[,host:port…] (rediss… for TLS)';

const MULTI_HOST = /^(rediss?)\+(sentinel|cluster):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/@?#]+)(?:\/([^?#]*))?$/;

/** Reads a Redis URL; throws an Error saying what is wrong when it is none of the accepted forms. */
export function parseRedisUrl(url: string): RedisTarget {
  if (/^rediss?:\/\/[^/]/.test(url)) {
    if (!URL.canParse(url)) throw new Error(`"${redact(url)}" is not a valid URL (${REDIS_URL_FORMS})`);
    const parsed = new URL(url);
    decodedCredential(parsed.username, 'user name');
    decodedCredential(parsed.password, 'password');
    return { kind: 'standalone', url };
  }
  const credentialsEnd = url.lastIndexOf('@');
  if (credentialsEnd !== -1 && /[/?#]/.test(url.slice(url.indexOf('//') + 2, credentialsEnd)))
    throw new Error(
      `the user name or password holds a / ? or # that is not percent-encoded: write / as %2F, ? as %3F and # as %23, got "${redact(url)}"`,
    );
  const match = MULTI_HOST.exec(url);
  if (!match) throw new Error(`must be ${REDIS_URL_FORMS}, got "${redact(url)}"`);
  const [, scheme, kind, user, password, hostList = '', path = ''] = match;
  const access: RedisNodeAccess = {
    username: user ? decodedCredential(user, 'user name') : undefined,
    password: password ? decodedCredential(password, 'password') : undefined,
    tls: scheme === 'rediss',
  };
  const hosts = hostList.split(',').map((entry) => readHost(entry.trim(), url));
  const segments = path.split('/').filter((segment) => segment !== '');
  if (kind === 'cluster') {
    // Cluster has a single database, so a path can only be a mistake.
    if (segments.length > 0)
      throw new Error(`a redis+cluster:// URL takes no path (Cluster has no databases), got "${redact(url)}"`);
    return { kind: 'cluster', seeds: hosts, ...access };
  }
  const [primaryName, db = '0', ...rest] = segments;
  if (!primaryName || rest.length > 0 || !/^\d{1,2}$/.test(db)) {
    throw new Error(
      `a redis+sentinel:// URL ends in /primary-name or /primary-name/db (the name the Sentinels monitor), got "${redact(url)}"`,
    );
  }
  return {
    kind: 'sentinel',
    sentinels: hosts,
    primaryName: decodeURIComponent(primaryName),
    db: Number(db),
    ...access,
  };
}

function readHost(entry: string, url: string): RedisHost {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d{1,5})$/.exec(entry);
  const port = Number(match?.[2]);
  if (!match?.[1] || port < 1 || port > 65535) {
    throw new Error(`every host needs a port, as in host:26379, got "${entry}" in "${redact(url)}"`);
  }
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port };
}

/**
 * The URL without its credentials, which must not reach an error message or a log: everything between `//`
 * and the last `@` (a password may hold `/`, `:` or `@` when it is not percent-encoded as it should be).
 */
function redact(url: string): string {
  return url.replace(/^([^/]*\/\/)[^,]*@/, '$1***@');
}

/** A percent-encoded user name or password, decoded; a malformed encoding is named without the value. */
function decodedCredential(encoded: string, what: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new Error(
      `the ${what} has a malformed percent-encoding (a % not followed by two hexadecimal digits): write % as %25, / as %2F and @ as %40`,
    );
  }
}

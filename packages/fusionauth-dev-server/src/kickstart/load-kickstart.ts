/**
 * Reads a kickstart file in FusionAuth's format (https://fusionauth.io/docs/get-started/download-and-install/development/kickstart):
 * `variables` (values may use `#{UUID()}` and `#{ENV.NAME}`), `apiKeys`, and `requests`, where strings
 * may use `#{variable}`, `@{file}` (the file's text) and a whole value may be `&{file}` (the file's JSON).
 * Files are relative to the kickstart file; a backslash before `#{`, `@{` or `&{` keeps it literal.
 */
import { displayText } from '../http/body.ts';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Json, JsonObject } from '../state/model.ts';

export interface KickstartRequest {
  method: string;
  url: string;
  tenantId?: string;
  body?: Json;
}

export interface KickstartApiKey {
  key: string;
  description?: string;
  tenantId?: string;
}

export interface Kickstart {
  variables: Record<string, string>;
  /** The `defaultTenantId` variable, which renames FusionAuth's default tenant. */
  defaultTenantId?: string;
  apiKeys: KickstartApiKey[];
  requests: KickstartRequest[];
}

export interface KickstartSources {
  env: Record<string, string | undefined>;
  /**
   * Values FusionAuth defines itself: FUSIONAUTH_APPLICATION_ID and FUSIONAUTH_TENANT_ID (the default
   * tenant, replaced by the `defaultTenantId` variable when the kickstart sets one).
   */
  builtins: Record<string, string>;
}

const TOKEN = /(\\?)([#@&])\{([^}]*)\}/g;

function expand(text: string, variables: Record<string, string>, sources: KickstartSources, baseDir: string): string {
  return text.replace(TOKEN, (whole, escape: string, sigil: string, name: string) => {
    if (escape) return whole.slice(1);
    if (sigil === '@') return readFileSync(resolve(baseDir, name), 'utf8');
    if (sigil === '&') return whole;
    if (name === 'UUID()') return randomUUID();
    if (name.startsWith('ENV.')) {
      const value = sources.env[name.slice(4)];
      if (value === undefined) throw new Error(`Kickstart: environment variable ${name.slice(4)} is not set`);
      return value;
    }
    const value = variables[name] ?? sources.builtins[name];
    if (value === undefined) throw new Error(`Kickstart: unknown variable #{${name}}`);
    return value;
  });
}

function walk(value: Json, variables: Record<string, string>, sources: KickstartSources, baseDir: string): Json {
  if (typeof value === 'string') {
    const include = /^&\{([^}]*)\}$/.exec(value);
    if (include?.[1]) {
      const path = resolve(baseDir, include[1]);
      return walk(readJsonFile(path), variables, sources, dirname(path));
    }
    return expand(value, variables, sources, baseDir);
  }
  if (Array.isArray(value)) return value.map((item) => walk(item, variables, sources, baseDir));
  if (value !== null && typeof value === 'object') {
    const result: JsonObject = {};
    for (const [key, item] of Object.entries(value)) result[key] = walk(item, variables, sources, baseDir);
    return result;
  }
  return value;
}

function asObject(value: Json | undefined): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/** A kickstart file (or one it includes) as JSON; a missing file or a syntax error names the file. */
function readJsonFile(file: string): Json {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : String(error);
    throw new Error(`Kickstart: cannot read ${file}: ${reason}`, { cause: error });
  }
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new Error(`Kickstart: ${file} is not JSON (${error instanceof Error ? error.message : String(error)})`, {
      cause: error,
    });
  }
}

/** Loads, expands and checks a kickstart file. */
export function loadKickstart(file: string, sources: KickstartSources): Kickstart {
  const baseDir = dirname(resolve(file));
  const raw = asObject(readJsonFile(file));
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(asObject(raw.variables))) {
    variables[name] = expand(displayText(value), variables, sources, baseDir);
  }
  const defaultTenantId = variables.defaultTenantId || undefined;
  if (defaultTenantId)
    sources = { ...sources, builtins: { ...sources.builtins, FUSIONAUTH_TENANT_ID: defaultTenantId } };
  const apiKeys = (walk(raw.apiKeys ?? [], variables, sources, baseDir) as Json[]).map((entry) => {
    const key = asObject(entry);
    if (typeof key.key !== 'string' || key.key === '') throw new Error(`Kickstart: an apiKeys entry has no key`);
    return {
      key: key.key,
      ...(typeof key.description === 'string' ? { description: key.description } : {}),
      ...(typeof key.tenantId === 'string' ? { tenantId: key.tenantId } : {}),
    };
  });
  const requests = (walk(raw.requests ?? [], variables, sources, baseDir) as Json[]).map((entry, index) => {
    const request = asObject(entry);
    if (typeof request.method !== 'string' || typeof request.url !== 'string') {
      throw new Error(`Kickstart: request #${index + 1} needs a method and a url`);
    }
    return {
      method: request.method.toUpperCase(),
      url: request.url,
      ...(typeof request.tenantId === 'string' ? { tenantId: request.tenantId } : {}),
      ...(request.body !== undefined ? { body: request.body } : {}),
    };
  });
  return { variables, ...(defaultTenantId ? { defaultTenantId } : {}), apiKeys, requests };
}

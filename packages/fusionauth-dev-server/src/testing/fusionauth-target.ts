/**
 * The FusionAuth a test suite talks to: a real one when `FUSIONAUTH_URL` and `FUSIONAUTH_API_KEY` are set,
 * otherwise a fresh dev server on a free port. The same suite thus checks an app (or this dev server)
 * against either.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running FusionAuth (or dev server) and what a test needs to call it. */
export interface FusionAuthTarget {
  /** Base URL with no trailing slash, e.g. `http://127.0.0.1:9011`. Changes only if a restart must change it. */
  url: string;
  apiKey: string;
  /** The kickstart application on the dev server; `FUSIONAUTH_APPLICATION_ID` on a real FusionAuth, if set. */
  applicationId?: string;
  /** The kickstart tenant on the dev server; `FUSIONAUTH_TENANT_ID` on a real FusionAuth, if set. */
  tenantId?: string;
  isDevServer: boolean;
  /** Stops and starts the dev server on the same port and data directory (only with `persistent: true`). */
  restart?(): Promise<void>;
  close(): Promise<void>;
}

export interface FusionAuthTargetOptions {
  /** Keep the dev server's state in a temporary directory, so that `restart()` exists. */
  persistent?: boolean;
  /** Dev server only: the kickstart file it applies on its first start; unset or `null` for none. */
  kickstartFile?: string | null;
  /** Dev server only: the tenant `target.tenantId` names, the kickstart's `defaultTenantId` (when it sets one). */
  tenantId?: string;
  /** Dev server only: the environment `#{ENV.X}` reads. */
  env?: Record<string, string | undefined>;
  /** Dev server only: its clock, shared with the app under test so tokens expire without sleeping. */
  now?: () => number;
}

/** True when the suite runs against a real FusionAuth rather than the dev server. */
export function isRealFusionAuth(): boolean {
  return Boolean(process.env.FUSIONAUTH_URL && process.env.FUSIONAUTH_API_KEY);
}

/** Starts (or connects to) the FusionAuth the suite is run against. */
export async function startFusionAuthTarget(options: FusionAuthTargetOptions = {}): Promise<FusionAuthTarget> {
  const url = process.env.FUSIONAUTH_URL;
  const apiKey = process.env.FUSIONAUTH_API_KEY;
  if (url && apiKey) {
    return {
      url: url.replace(/\/+$/, ''),
      apiKey,
      applicationId: process.env.FUSIONAUTH_APPLICATION_ID || undefined,
      tenantId: process.env.FUSIONAUTH_TENANT_ID || undefined,
      isDevServer: false,
      close: async () => {},
    };
  }
  return startDevServerTarget(options);
}

async function startDevServerTarget(options: FusionAuthTargetOptions): Promise<FusionAuthTarget> {
  // Imported lazily so that a run against a real FusionAuth never loads the dev server.
  const { startDevServer } = await import('../server.ts');
  const dataDir = options.persistent ? await mkdtemp(join(tmpdir(), 'fusionauth-contract-')) : 'memory';
  const settings = {
    host: '127.0.0.1',
    dataDir,
    passwordFactor: 1000,
    env: options.env ?? { APP_URL: 'http://localhost:8000' },
    logger: false,
    ...(options.now ? { now: options.now } : {}),
    kickstartFile: options.kickstartFile ?? null,
  };
  let server = await startDevServer({ ...settings, port: 0 });
  const port = Number(new URL(server.url).port);
  const target: FusionAuthTarget = {
    url: server.url.replace(/\/+$/, ''),
    apiKey: server.apiKey ?? '',
    applicationId: server.applicationId,
    tenantId: options.tenantId,
    isDevServer: true,
    close: async () => {
      await server.close();
      if (dataDir !== 'memory') await rm(dataDir, { recursive: true, force: true });
    },
  };
  if (options.persistent) {
    target.restart = async () => {
      await server.close();
      server = await startDevServer({ ...settings, port });
      target.url = server.url.replace(/\/+$/, '');
    };
  }
  return target;
}

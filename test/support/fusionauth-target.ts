import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The FusionAuth a contract suite talks to: a real one when `FUSIONAUTH_URL` and `FUSIONAUTH_API_KEY` are set,
 * otherwise a fresh dev server on a free port.
 */
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
  /** Dev server only: a kickstart file other than the project's (`null` for none). */
  kickstartFile?: string | null;
  /** Dev server only: the environment `#{ENV.X}` reads. */
  env?: Record<string, string | undefined>;
  /** Dev server only: its clock, shared with the app under test so tokens expire without sleeping. */
  now?: () => number;
}

/** The quickstart values the project's kickstart uses. */
export const KICKSTART = Object.freeze({
  apiKey: '33052c8a-c283-4e96-9d2a-eb1215c69f8f-not-for-prod',
  tenantId: 'd7d09513-a3f5-401c-9685-34ab6c552453',
  applicationId: 'e9fdb985-9173-4e01-9d73-ac2d60d1dc8e',
  admin: { email: 'admin@example.com', password: 'password' },
  user: { email: 'richard@example.com', password: 'password' },
});

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
  const { startDevServer } = await import('../../dev-server/server.ts');
  const dataDir = options.persistent ? await mkdtemp(join(tmpdir(), 'fusionauth-contract-')) : 'memory';
  const settings = {
    host: '127.0.0.1',
    dataDir,
    passwordFactor: 1000,
    env: options.env ?? { APP_URL: 'http://localhost:8000' },
    logger: false,
    ...(options.now ? { now: options.now } : {}),
    ...(options.kickstartFile === undefined ? {} : { kickstartFile: options.kickstartFile }),
  };
  let server = await startDevServer({ ...settings, port: 0 });
  const port = Number(new URL(server.url).port);
  const target: FusionAuthTarget = {
    url: server.url.replace(/\/+$/, ''),
    apiKey: server.apiKey ?? '',
    applicationId: server.applicationId,
    tenantId: options.kickstartFile === undefined ? KICKSTART.tenantId : undefined,
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

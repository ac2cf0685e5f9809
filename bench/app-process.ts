import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_FUSIONAUTH } from '../src/dev-fusionauth.ts';
import { startServerProcess, type ServerProcess } from './processes.ts';

export interface AppProcess extends ServerProcess {
  url: string;
  /** Signs in through the real form and returns the Cookie header of the new session. */
  signIn(email: string, password: string): Promise<string>;
  /** A Cookie header and CSRF token for posting the login form anonymously. */
  loginForm(): Promise<{ cookie: string; csrfToken: string }>;
}

export interface AppSettings {
  port: number;
  fusionAuthUrl: string;
  env: Record<string, string>;
  /** Options for node itself, e.g. `--cpu-prof`. */
  nodeArgs?: readonly string[];
}

/** Runs the production build (`dist/src/server.js`, from `npm run build`) against a given FusionAuth. */
export async function startAppProcess(settings: AppSettings): Promise<AppProcess> {
  const url = `http://127.0.0.1:${settings.port}`;
  // A session folder of its own unless one is given (a seeded store), removed when the app stops.
  const ownDir = settings.env.SESSION_DIR ? undefined : await mkdtemp(join(tmpdir(), 'bench-sessions-'));
  const env = {
    PORT: String(settings.port),
    HOST: '127.0.0.1',
    APP_URL: url,
    FUSIONAUTH_URL: settings.fusionAuthUrl,
    FUSIONAUTH_API_KEY: DEV_FUSIONAUTH.apiKey,
    FUSIONAUTH_CLIENT_ID: DEV_FUSIONAUTH.clientId,
    FUSIONAUTH_CLIENT_SECRET: DEV_FUSIONAUTH.clientSecret,
    FUSIONAUTH_TENANT_ID: DEV_FUSIONAUTH.tenantId,
    ...(ownDir ? { SESSION_DIR: ownDir } : {}),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_MAX: '100000',
    ...settings.env,
  };
  const server = await startServerProcess('dist/src/server.js', env, `${url}/healthz`, settings.nodeArgs);
  const loginForm = async () => {
    const page = await fetch(`${url}/login`);
    const cookie = page.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    const csrfToken = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    return { cookie, csrfToken };
  };
  return {
    ...server,
    async stop() {
      await server.stop();
      if (ownDir) await rm(ownDir, { recursive: true, force: true });
    },
    url,
    loginForm,
    async signIn(email, password) {
      const { cookie, csrfToken } = await loginForm();
      const response = await fetch(`${url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, origin: url, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrfToken, email, password }),
      });
      const session = response.headers.getSetCookie().find((line) => line.startsWith('session='));
      if (response.status !== 303 || !session) throw new Error(`sign-in failed: ${response.status}`);
      return session.split(';')[0] ?? '';
    },
  };
}

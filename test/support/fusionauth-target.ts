/**
 * The FusionAuth the app's tests run against: the dev server package's test target (a dev server on a
 * free port, or a real FusionAuth when FUSIONAUTH_URL and FUSIONAUTH_API_KEY are set), kickstarted with
 * the app's own kickstart unless a test names another.
 */
import { fileURLToPath } from 'node:url';
import {
  startFusionAuthTarget as startTarget,
  type FusionAuthTarget,
  type FusionAuthTargetOptions,
} from 'fusionauth-dev-server/testing';

export { isRealFusionAuth, type FusionAuthTarget, type FusionAuthTargetOptions } from 'fusionauth-dev-server/testing';

/** The app's kickstart, which `npm start` gives the embedded dev server. */
export const KICKSTART_FILE = fileURLToPath(new URL('../../kickstart/kickstart.json', import.meta.url));

/** The quickstart values the app's kickstart uses. */
export const KICKSTART = Object.freeze({
  apiKey: '33052c8a-c283-4e96-9d2a-eb1215c69f8f-not-for-prod',
  tenantId: 'd7d09513-a3f5-401c-9685-34ab6c552453',
  applicationId: 'e9fdb985-9173-4e01-9d73-ac2d60d1dc8e',
  admin: { email: 'admin@example.com', password: 'password' },
  user: { email: 'richard@example.com', password: 'password' },
});

/**
 * Where the kickstart's second application ("Acme Billing") lives when a test runs no second app: a
 * loopback port nothing listens on, so its webhook deliveries fail at once and reach no one's app.
 */
export const NO_SECOND_APP = 'http://127.0.0.1:9';

/** Starts (or connects to) the FusionAuth the suite is run against; `kickstartFile: null` starts an empty one. */
export function startFusionAuthTarget(options: FusionAuthTargetOptions = {}): Promise<FusionAuthTarget> {
  if (options.kickstartFile !== undefined) return startTarget(options);
  const env = { BILLING_APP_URL: NO_SECOND_APP, ...(options.env ?? process.env) };
  return startTarget({ ...options, env, kickstartFile: KICKSTART_FILE, tenantId: KICKSTART.tenantId });
}

/**
 * The FusionAuth the contract suite runs against: the package's test target, kickstarted on a dev server
 * with the suite's fixture kickstart (an app's: its API key, tenant, application, users, email templates and
 * webhook) unless a test names another.
 */
import { fileURLToPath } from 'node:url';
import {
  startFusionAuthTarget as startTarget,
  type FusionAuthTarget,
  type FusionAuthTargetOptions,
} from 'fusionauth-dev-server/testing';

export { isRealFusionAuth, type FusionAuthTarget } from 'fusionauth-dev-server/testing';

/** FusionAuth's quickstart values, which the fixture kickstart uses. */
export const KICKSTART = Object.freeze({
  file: fileURLToPath(new URL('../fixtures/kickstart.json', import.meta.url)),
  apiKey: '33052c8a-c283-4e96-9d2a-eb1215c69f8f-not-for-prod',
  tenantId: 'd7d09513-a3f5-401c-9685-34ab6c552453',
  applicationId: 'e9fdb985-9173-4e01-9d73-ac2d60d1dc8e',
  clientSecret: 'super-secret-secret-that-should-be-regenerated-for-production',
  admin: { email: 'admin@example.com', password: 'password' },
  user: { email: 'richard@example.com', password: 'password' },
});

/** Starts (or connects to) the FusionAuth under test; `kickstartFile: null` starts an empty dev server. */
export function startFusionAuthTarget(options: FusionAuthTargetOptions = {}): Promise<FusionAuthTarget> {
  if (options.kickstartFile !== undefined) return startTarget(options);
  return startTarget({ ...options, kickstartFile: KICKSTART.file, tenantId: KICKSTART.tenantId });
}

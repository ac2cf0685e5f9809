// Vitest global setup: one dev server for the whole run; the tests read its URL and API key with inject().
import { fileURLToPath } from 'node:url';
import { startDevServer } from 'fusionauth-dev-server';

export default async function setup({ provide }) {
  const server = await startDevServer({
    port: 0,
    dataDir: 'memory',
    kickstartFile: fileURLToPath(new URL('../kickstart.json', import.meta.url)),
    passwordFactor: 1000,
  });
  provide('fusionAuth', { url: server.url, apiKey: server.apiKey, applicationId: server.applicationId });
  return () => server.close(); // the teardown
}

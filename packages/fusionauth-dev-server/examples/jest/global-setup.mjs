// Jest global setup: one dev server for the whole run, its URL and API key passed to the tests in process.env.
import { fileURLToPath } from 'node:url';
import { startDevServer } from 'fusionauth-dev-server';

export default async function globalSetup() {
  const server = await startDevServer({
    port: 0,
    dataDir: 'memory',
    kickstartFile: fileURLToPath(new URL('../kickstart.json', import.meta.url)),
    passwordFactor: 1000,
  });
  process.env.FUSIONAUTH_URL = server.url;
  process.env.FUSIONAUTH_API_KEY = server.apiKey;
  process.env.FUSIONAUTH_APPLICATION_ID = server.applicationId;
  globalThis.fusionAuthDevServer = server; // for the teardown, which runs in this same process
}

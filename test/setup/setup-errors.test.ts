import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from '../support/free-port.ts';
import { isRealFusionAuth, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { runSetup } from '../../scripts/setup/run-setup.ts';
import { parseSetupArgs } from '../../scripts/setup/parse-args.ts';
import { SetupError, type SetupErrorCode } from '../../scripts/setup/setup-error.ts';
import { DEV_SERVER_ONLY, setupOptionsFor, startBareFusionAuth } from './setup-support.ts';

const run = promisify(execFile);

async function failureOf(promise: Promise<unknown>): Promise<SetupError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SetupError, `a SetupError, got ${String(error)}`);
    return error;
  }
  return assert.fail('expected setup to fail');
}

/** A server answering `GET /api/status` like FusionAuth, 200 to `GET /api/tenant`, and 401 to everything else. */
async function startKeyWithoutPermissions(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.url === '/api/status') return json(200, { status: 'ok' });
    if (request.method === 'GET' && request.url === '/api/tenant')
      return json(200, { tenants: [{ id: '9d0f2e8e-5c3c-4a0e-9f57-9b5a8f0b5c11', name: 'Default' }] });
    return response.writeHead(401).end();
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server };
}

describe("the setup command's errors say what to fix", { skip: isRealFusionAuth() && DEV_SERVER_ONLY }, () => {
  let target: FusionAuthTarget;
  before(async () => {
    target = await startBareFusionAuth();
  });
  after(() => target.close());

  const expectFailure = async (
    overrides: { fusionAuthUrl?: string; apiKey?: string },
    code: SetupErrorCode,
    message: RegExp,
  ) => {
    const options = { ...(await setupOptionsFor(target, 'http://localhost:8000')), ...overrides };
    try {
      const error = await failureOf(runSetup(options, () => {}));
      assert.equal(error.code, code);
      assert.match(error.message, message);
      await assert.rejects(readFile(options.envFile), 'no env file is written');
    } finally {
      await rm(dirname(options.envFile), { recursive: true, force: true });
    }
  };

  test('a URL nothing listens on', async () => {
    const url = `http://127.0.0.1:${await findFreePort()}`;
    await expectFailure(
      { fusionAuthUrl: url },
      'UNREACHABLE',
      new RegExp(`Cannot reach FusionAuth at ${url}.*--fusionauth-url`),
    );
  });

  test('a URL that is not FusionAuth (the page of an app, say)', async () => {
    await expectFailure(
      { fusionAuthUrl: `${target.url}/oauth2` },
      'NOT_FUSIONAUTH',
      /does not look like FusionAuth: GET \/api\/status answered 404/,
    );
  });

  test("a wrong API key: FusionAuth's 401", async () => {
    await expectFailure(
      { apiKey: 'not-the-key' },
      'API_KEY_REJECTED',
      /rejected the API key \(401 on GET \/api\/tenant\)\. Check --api-key/,
    );
  });

  test('an API key without permission for the Key API', async () => {
    const { url, server } = await startKeyWithoutPermissions();
    try {
      await expectFailure({ fusionAuthUrl: url }, 'PERMISSION_DENIED', /lacks permission for GET \/api\/key \(401\)/);
    } finally {
      server.close();
    }
  });

  test('bad arguments name the option and show the usage', () => {
    assert.throws(
      () => parseSetupArgs(['--api-key', 'k', '--app-url', 'http://localhost:8000']),
      /--fusionauth-url is required\.\nUsage: npm run setup/,
    );
    assert.throws(
      () => parseSetupArgs(['--fusionauth-url', 'localhost:9011', '--api-key', 'k', '--app-url', 'http://x']),
      /--fusionauth-url must be an http or https URL/,
    );
    assert.throws(
      () => parseSetupArgs(['--fusionauth-url', 'http://a', '--api-key', 'k', '--app-url', 'http://b', '--bogus']),
      /Unknown option '--bogus'/,
    );
    const options = parseSetupArgs([
      '--fusionauth-url',
      'http://fa:9011/',
      '--api-key',
      'k',
      '--app-url',
      'https://app.example.com/',
    ]);
    assert.deepEqual(options, {
      fusionAuthUrl: 'http://fa:9011',
      apiKey: 'k',
      appUrl: 'https://app.example.com',
      webhookUrl: 'https://app.example.com/webhooks/fusionauth',
      envFile: '.env',
    });
  });

  // As `npm run setup -- …` runs it: package.json's script ends in `--` (see parse-args.ts).
  test('the command exits 2 on bad arguments, 1 on a failure, 0 when configured', async () => {
    const cli = (args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'scripts/setup.ts', '--', ...args]).then(
        ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
        (error: { code: number; stdout: string; stderr: string }) => ({
          code: error.code,
          stdout: error.stdout,
          stderr: error.stderr,
        }),
      );
    const options = await setupOptionsFor(target, 'http://localhost:8000');
    try {
      assert.equal((await cli(['--api-key', 'k'])).code, 2);
      const refused = await cli([
        '--fusionauth-url',
        target.url,
        '--api-key',
        'wrong',
        '--app-url',
        options.appUrl,
        '--env-file',
        options.envFile,
      ]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /^setup failed: FusionAuth rejected the API key/);
      const args = [
        '--fusionauth-url',
        target.url,
        '--api-key',
        target.apiKey,
        '--app-url',
        options.appUrl,
        '--env-file',
        options.envFile,
      ];
      const configured = await cli(args);
      assert.equal(configured.code, 0, configured.stderr);
      assert.match(configured.stdout, /is configured for http:\/\/localhost:8000\.\n$/);
      assert.deepEqual(await cli(args), { code: 0, stdout: 'already configured: nothing changed\n', stderr: '' });
    } finally {
      await rm(dirname(options.envFile), { recursive: true, force: true });
    }
  });
});

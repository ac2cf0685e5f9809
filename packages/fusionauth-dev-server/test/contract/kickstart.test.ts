import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, mock, test } from 'node:test';
import { decodeJwt } from 'jose';
import type { Application } from '@fusionauth/typescript-client';
import {
  isRealFusionAuth,
  KICKSTART,
  startFusionAuthTarget,
  type FusionAuthTarget,
} from '../support/fusionauth-target.ts';
import { Browser } from 'fusionauth-dev-server/testing';
import { apiClient, DEFAULT_THEME_ID, send, UUID_PATTERN } from './contract.ts';

const devServerOnly = {
  skip: isRealFusionAuth() && 'a kickstart can only be checked on a dev server the suite starts and restarts',
};
let scratch: string;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'kickstart-contract-'));
});
after(() => rm(scratch, { recursive: true, force: true }));

/** Starts a dev server on `kickstart` (written to a file, with `files` beside it) and runs `check` against it. */
async function withKickstart(
  kickstart: object,
  files: Record<string, string>,
  check: (target: FusionAuthTarget) => Promise<void>,
): Promise<void> {
  const dir = await mkdtemp(join(scratch, 'case-'));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  await writeFile(join(dir, 'kickstart.json'), JSON.stringify(kickstart));
  const target = await startFusionAuthTarget({ kickstartFile: join(dir, 'kickstart.json') });
  try {
    await check(target);
  } finally {
    await target.close();
  }
}

async function retrieveApplication(target: FusionAuthTarget, applicationId: string): Promise<Application> {
  const raw = await send(target, 'GET', `/api/application/${applicationId}`);
  assert.equal(raw.status, 200);
  return raw.json<{ application: Application }>().application;
}

test('the fixture kickstart brings the quickstart API key, tenant, application and users', devServerOnly, async () => {
  const target = await startFusionAuthTarget();
  try {
    assert.equal(target.apiKey, KICKSTART.apiKey);
    assert.equal(target.applicationId, KICKSTART.applicationId);
    const application = await retrieveApplication(target, KICKSTART.applicationId);
    assert.equal(application.tenantId, KICKSTART.tenantId);
    assert.deepEqual(application.roles?.map((r) => [r.name, r.isDefault ?? false]).sort(), [
      ['admin', false],
      ['deactivated', false],
      ['user', true],
    ]);
    assert.equal(application.loginConfiguration?.generateRefreshTokens, true);
    assert.equal(
      application.oauthConfiguration?.clientSecret,
      'super-secret-secret-that-should-be-regenerated-for-production',
    );

    const client = apiClient(target);
    const rolesOf = async (account: { email: string; password: string }): Promise<unknown> => {
      const { statusCode, response } = await client.login({
        loginId: account.email,
        password: account.password,
        applicationId: KICKSTART.applicationId,
      });
      assert.equal(statusCode, 200, account.email);
      assert.equal(typeof response.refreshToken, 'string');
      assert.equal(response.user?.tenantId, KICKSTART.tenantId);
      return decodeJwt(response.token ?? '').roles;
    };
    assert.ok(((await rolesOf(KICKSTART.admin)) as string[]).includes('admin'), 'the admin has the admin role');
    assert.deepEqual(await rolesOf(KICKSTART.user), ['user']);
  } finally {
    await target.close();
  }
});

test("#{ENV.APP_URL} is substituted in the application's redirect and logout URLs", devServerOnly, async () => {
  const target = await startFusionAuthTarget({ env: { APP_URL: 'http://app.test:1234' } });
  try {
    const { oauthConfiguration } = await retrieveApplication(target, KICKSTART.applicationId);
    assert.deepEqual(oauthConfiguration?.authorizedRedirectURLs, ['http://app.test:1234/oauth-callback']);
    assert.equal(oauthConfiguration?.logoutURL, 'http://app.test:1234/');
  } finally {
    await target.close();
  }
});

test(
  'a kickstart request for an unimplemented endpoint is skipped and the requests after it still run',
  devServerOnly,
  async () => {
    const applicationId = 'c50329fa-93e5-4618-8d9f-73d0ab069a23';
    await withKickstart(
      {
        variables: { apiKey: '#{UUID()}', applicationId },
        apiKeys: [{ key: '#{apiKey}', description: 'contract suite' }],
        requests: [
          {
            method: 'POST',
            url: '/api/lambda/#{UUID()}',
            body: { lambda: { name: 'unsupported here', type: 'JWTPopulate', body: 'function populate() {}' } },
          },
          {
            method: 'POST',
            url: '/api/application/#{applicationId}',
            body: { application: { name: 'Kicked', roles: [{ name: 'member', isDefault: true }] } },
          },
          {
            method: 'POST',
            url: '/api/user/registration',
            body: {
              user: { email: 'kicked@example.com', password: 'password', firstName: '@{first-name.txt}' },
              registration: { applicationId: '#{applicationId}' },
            },
          },
        ],
      },
      { 'first-name.txt': 'Ada' },
      async (target) => {
        assert.match(target.apiKey, UUID_PATTERN, '#{UUID()} made the API key');
        assert.equal((await retrieveApplication(target, applicationId)).name, 'Kicked');
        const { response } = await apiClient(target).retrieveUserByEmail('kicked@example.com');
        assert.equal(response.user?.firstName, 'Ada', '@{file} includes the file');
        assert.deepEqual(
          response.user?.registrations?.map((r) => r.roles),
          [['member']],
        );
      },
    );
  },
);

test('a kickstart applies to an empty state only', devServerOnly, async () => {
  const target = await startFusionAuthTarget({ persistent: true });
  try {
    const client = apiClient(target);
    const richard = (await client.retrieveUserByEmail(KICKSTART.user.email)).response.user?.id ?? '';
    await client.deleteUser(richard);
    await target.restart?.();

    const raw = await send(target, 'GET', `/api/user?email=${encodeURIComponent(KICKSTART.user.email)}`);
    assert.equal(raw.status, 404, 'the kickstart did not run again on the kept state');
  } finally {
    await target.close();
  }
});

test(
  'a kickstart that creates a theme, patches its stylesheet and points the tenant at it applies with no skipped request; the hosted pages wear it',
  devServerOnly,
  async () => {
    const themeId = '6f0c2a4e-3b1d-4c8e-9f57-1a2b3c4d5e6f';
    const applicationId = '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a';
    const warn = mock.method(console, 'warn', () => {});
    try {
      await withKickstart(
        {
          variables: { apiKey: '#{UUID()}', applicationId, themeId, tenantId: '#{FUSIONAUTH_TENANT_ID}' },
          apiKeys: [{ key: '#{apiKey}' }],
          requests: [
            // As FusionAuth's quickstarts do: copy the built-in theme, then change the copy.
            {
              method: 'POST',
              url: '/api/theme/#{themeId}',
              body: { sourceThemeId: DEFAULT_THEME_ID, theme: { name: 'Kickstart theme' } },
            },
            {
              method: 'PATCH',
              url: '/api/theme/#{themeId}',
              body: {
                theme: {
                  stylesheet: '.panel { border-color: rebeccapurple; }',
                  templates: { oauth2Authorize: '[#ftl/]' },
                },
              },
            },
            { method: 'PATCH', url: '/api/tenant/#{tenantId}', body: { tenant: { themeId: '#{themeId}' } } },
            {
              method: 'POST',
              url: '/api/application/#{applicationId}',
              body: {
                application: {
                  name: 'Themed',
                  oauthConfiguration: {
                    authorizedRedirectURLs: ['https://themed.test/cb'],
                    enabledGrants: ['authorization_code'],
                  },
                },
              },
            },
          ],
        },
        {},
        async (target) => {
          const theme = (await send(target, 'GET', `/api/theme/${themeId}`)).json<{
            theme: { name: string; stylesheet: string; templates: Record<string, string> };
          }>().theme;
          assert.deepEqual(
            [theme.name, theme.stylesheet, theme.templates.oauth2Authorize],
            ['Kickstart theme', '.panel { border-color: rebeccapurple; }', '[#ftl/]'],
          );
          assert.ok(theme.templates.oauth2Register, 'the templates the patch left alone are the copied ones');
          const query = new URLSearchParams({
            client_id: applicationId,
            redirect_uri: 'https://themed.test/cb',
            response_type: 'code',
            scope: 'openid',
          });
          const page = await new Browser(target.url).get(`/oauth2/authorize?${query.toString()}`);
          assert.match(page.body, /<style>\.panel \{ border-color: rebeccapurple; \}<\/style>/);
          assert.match(
            page.headers.get('content-security-policy') ?? '',
            /style-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/,
            'the inline stylesheet is allowed by its hash only',
          );
        },
      );
      assert.deepEqual(
        warn.mock.calls.map((call) => String(call.arguments[0])).filter((message) => message.includes('skipped')),
        [],
      );
    } finally {
      warn.mock.restore();
    }
  },
);

test(
  'a kickstart that points the tenant at a theme that does not exist stops the start, as FusionAuth refuses the request',
  devServerOnly,
  async () => {
    await assert.rejects(
      withKickstart(
        {
          variables: { apiKey: '#{UUID()}', tenantId: '#{FUSIONAUTH_TENANT_ID}' },
          apiKeys: [{ key: '#{apiKey}' }],
          requests: [
            {
              method: 'PATCH',
              url: '/api/tenant/#{tenantId}',
              body: { tenant: { themeId: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' } },
            },
          ],
        },
        {},
        async () => {},
      ),
      /\[invalid\]tenant\.themeId/,
    );
  },
);

test(
  "a kickstart that turns WebAuthn on for the tenant keeps its relying party and FusionAuth's defaults for the rest",
  devServerOnly,
  async () => {
    await withKickstart(
      {
        variables: { apiKey: '#{UUID()}', tenantId: '#{FUSIONAUTH_TENANT_ID}' },
        apiKeys: [{ key: '#{apiKey}' }],
        requests: [
          {
            method: 'PATCH',
            url: '/api/tenant/#{tenantId}',
            body: {
              tenant: {
                webAuthnConfiguration: {
                  enabled: true,
                  relyingPartyId: 'localhost',
                  bootstrapWorkflow: { enabled: true },
                },
              },
            },
          },
        ],
      },
      {},
      async (target) => {
        const tenants = (await send(target, 'GET', '/api/tenant')).json<{
          tenants: { name: string; webAuthnConfiguration?: Record<string, unknown> }[];
        }>().tenants;
        const configuration = tenants.find((tenant) => tenant.name === 'Default')?.webAuthnConfiguration;
        assert.equal(configuration?.enabled, true);
        assert.equal(configuration?.relyingPartyId, 'localhost');
        assert.deepEqual(configuration?.bootstrapWorkflow, {
          enabled: true,
          authenticatorAttachmentPreference: 'any',
          userVerificationRequirement: 'required',
        });
        assert.deepEqual(configuration?.reauthenticationWorkflow, {
          enabled: false,
          authenticatorAttachmentPreference: 'platform',
          userVerificationRequirement: 'required',
        });
      },
    );
  },
);

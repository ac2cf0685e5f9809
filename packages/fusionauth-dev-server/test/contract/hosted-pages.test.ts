import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { GrantType, LogoutBehavior, type FusionAuthClient } from '@fusionauth/typescript-client';
import { Browser, HOSTED_LOGIN, isHostedLoginPage, submitHostedForm } from 'fusionauth-dev-server/testing';
import { isRealFusionAuth, startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { apiClient, createUser, registerUser, uniqueEmail } from './contract.ts';

const REDIRECT_URI = 'https://client.test/callback';
// The forgot-password flow reads the dev server's mailbox; the pages' markup is checked against FusionAuth's theme.
const devServerOnly = { skip: isRealFusionAuth() && "reads the dev server's mailbox" };

let target: FusionAuthTarget;
let api: FusionAuthClient;
let applicationId: string;

before(async () => {
  target = await startFusionAuthTarget();
  api = apiClient(target);
  applicationId = randomUUID();
  const templateId = randomUUID();
  await api.createEmailTemplate(templateId, {
    emailTemplate: {
      name: `hosted reset ${templateId}`,
      defaultSubject: 'Reset',
      defaultTextTemplate: 'Open /password/change/${changePasswordId}',
      defaultHtmlTemplate: '<a href="/password/change/${changePasswordId}">reset</a>',
    },
  });
  await api.createApplication(applicationId, {
    application: {
      name: `hosted pages ${applicationId}`,
      roles: [{ name: 'user', isDefault: true }],
      oauthConfiguration: {
        authorizedRedirectURLs: [REDIRECT_URI],
        enabledGrants: [GrantType.authorization_code],
        requireRegistration: true,
        clientSecret: 'hosted-pages-secret',
      },
      registrationConfiguration: { enabled: true, firstName: { enabled: true, required: true } },
      emailConfiguration: { forgotPasswordEmailTemplateId: templateId },
    },
  });
});
after(() => target?.close());

function authorizeUrl(path = '/oauth2/authorize'): string {
  const query = new URLSearchParams({
    client_id: applicationId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid',
    state: 'xyz',
  });
  return `${target.url}${path}?${query.toString()}`;
}

async function resetLinkFor(email: string): Promise<string> {
  const response = await fetch(`${target.url}/dev/mailbox`, { headers: { accept: 'application/json' } });
  const { messages } = (await response.json()) as { messages: { to: string; text: string }[] };
  const id = /\/password\/change\/([\w-]+)/.exec(messages.find((message) => message.to === email)?.text ?? '')?.[1];
  assert.ok(id, `a reset email to ${email}`);
  return `/password/change/${id}`;
}

describe('hosted password pages', devServerOnly, () => {
  test("forgot password: the form asks for the login, sends the email and says so; the link's page sets the new password", async () => {
    const person = await registerUser(target, applicationId);
    const browser = new Browser(target.url);
    const forgot = await browser.get(authorizeUrl('/password/forgot'));
    assert.equal(forgot.status, 200);
    assert.match(forgot.body, /<title>Login \| FusionAuth<\/title>/);
    assert.match(forgot.body, /<h2>Forgot password<\/h2>/);
    assert.match(forgot.body, /<form action="\/password\/forgot" method="POST"/);

    const blank = await submitHostedForm(browser, forgot, { loginId: '' }, { follow: false });
    assert.match(blank.body, /<span class="error" id="loginId-error" role="alert">Required<\/span>/);
    const sent = await submitHostedForm(browser, forgot, { loginId: person.email }, { follow: false });
    assert.equal(sent.status, 200);
    assert.match(sent.body, /<h2>Message sent<\/h2>/);
    assert.match(sent.body, new RegExp(`We have sent a message to ${person.email.replace(/[.+]/g, '\\$&')}`));

    const change = await browser.get(await resetLinkFor(person.email));
    assert.equal(change.status, 200);
    assert.match(change.body, /<h2>Update your password<\/h2>/);
    assert.match(change.body, /<input id="passwordConfirm" type="password" name="passwordConfirm"/);
    const done = await submitHostedForm(
      browser,
      change,
      { password: 'a whole new password', passwordConfirm: 'a whole new password' },
      { follow: false },
    );
    assert.equal(done.status, 200);
    assert.match(done.body, /<h2>Password updated<\/h2>/);
    assert.equal(
      (await api.login({ loginId: person.email, password: 'a whole new password', applicationId })).statusCode,
      200,
    );

    const reused = await submitHostedForm(
      browser,
      change,
      { password: 'yet another password', passwordConfirm: 'yet another password' },
      { follow: false },
    );
    assert.match(reused.body, /Your password reset code has expired or is invalid/, 'the link works once');
  });

  test('forgot password for an unknown login says FusionAuth found no such user', async () => {
    const browser = new Browser(target.url);
    const page = await submitHostedForm(
      browser,
      await browser.get(authorizeUrl('/password/forgot')),
      { loginId: uniqueEmail('nobody') },
      { follow: false },
    );
    assert.match(
      page.body,
      /<div class="alert error" role="alert"><i class="fa fa-exclamation-circle"><\/i><p>FusionAuth was unable to find a user with that email address.<\/p><\/div>/,
    );
  });
});

describe('hosted sign-in outcomes', devServerOnly, () => {
  test('a user not registered for an application that requires registration gets the "Registration Required" page, not the form again', async () => {
    const person = await createUser(target);
    const browser = new Browser(target.url);
    const page = await submitHostedForm(
      browser,
      await browser.get(authorizeUrl()),
      { loginId: person.email, password: person.password },
      { follow: false },
    );
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('location'), null, 'no code goes back to the client');
    assert.match(page.body, /<h2>Registration Required<\/h2>/);
    assert.match(
      page.body,
      /Registration is required to access this application and your account has not been registered for this application./,
    );
    assert.ok(!isHostedLoginPage(page));
  });

  test("the registration page has FusionAuth's fields, the name fields the application enables, and the theme's messages", async () => {
    const browser = new Browser(target.url);
    const page = await browser.get(authorizeUrl('/oauth2/register'));
    assert.match(page.body, /<title>Register<\/title>/);
    for (const [id, name] of [
      ['email', 'user.email'],
      ['password', 'user.password'],
      ['firstName', 'user.firstName'],
    ]) {
      assert.match(page.body, new RegExp(`<input id="${id}" type="(text|password)" name="${name}"`));
    }
    assert.doesNotMatch(page.body, /id="lastName"/, 'last name is not enabled for this application');
    assert.match(page.body, /<button type="submit" class="blue button"><i class="fa fa-key"><\/i> Register<\/button>/);
    const missing = await submitHostedForm(
      browser,
      page,
      { 'user.email': 'not an email', 'user.password': 'correct horse battery' },
      { follow: false },
    );
    assert.match(missing.body, /<span class="error" id="email-error" role="alert">Invalid email<\/span>/);
    assert.match(missing.body, /<span class="error" id="firstName-error" role="alert">Required<\/span>/);
  });

  test('hosted registration records the sign-in it performs: lastLoginInstant on the user and the registration', async () => {
    const browser = new Browser(target.url);
    const email = uniqueEmail('hosted-login');
    const answer = await submitHostedForm(
      browser,
      await browser.get(authorizeUrl('/oauth2/register')),
      {
        'user.email': email,
        'user.password': 'correct horse battery',
        'user.firstName': 'Grace',
      },
      { follow: false },
    );
    assert.equal(answer.status, 302, answer.body);
    const user = (await api.retrieveUserByEmail(email)).response.user;
    assert.equal(typeof user?.lastLoginInstant, 'number');
    assert.equal(typeof user?.registrations?.[0]?.lastLoginInstant, 'number');
  });
});

describe('hosted logout', devServerOnly, () => {
  test('with logoutBehavior AllApplications, /oauth2/logout is FusionAuth\'s "Logging out" page: every logout URL of the tenant in an iframe, then a refresh to the logout URL', async () => {
    const id = randomUUID();
    await api.createApplication(id, {
      application: {
        name: `logout all ${id}`,
        oauthConfiguration: {
          authorizedRedirectURLs: [REDIRECT_URI],
          logoutURL: 'https://all.test/logged-out',
          logoutBehavior: LogoutBehavior.AllApplications,
        },
      },
    });
    const page = await new Browser(target.url).get(`/oauth2/logout?client_id=${id}`, { follow: false });
    assert.equal(page.status, 200);
    assert.match(page.body, /<title>Logging out<\/title>/);
    assert.match(page.body, /<meta http-equiv="Refresh" content="2; url=https:\/\/all.test\/logged-out">/);
    assert.match(page.body, /<iframe src="https:\/\/all.test\/logged-out"/);
    assert.match(page.headers.get('content-security-policy') ?? '', /frame-src [^;]*https:\/\/all\.test/);
  });
});

describe('GET /admin', () => {
  test('answers FusionAuth\'s login page, titled "Login | FusionAuth", never a JSON 404', async () => {
    const page = await new Browser(target.url).get('/admin');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(page.body, new RegExp(`<title>${HOSTED_LOGIN.title.replace('|', '\\|')}</title>`));
    assert.match(page.body, /<input id="loginId"/);
    assert.match(page.body, /<input id="password"/);
    assert.match(page.body, /class="blue button"/);
  });
});

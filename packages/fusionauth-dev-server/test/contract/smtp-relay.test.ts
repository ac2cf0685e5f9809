/**
 * The dev server's own extra, not FusionAuth's API: with IDP_SMTP_URL every email it puts in
 * /dev/mailbox also goes out over SMTP.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDevServer, type DevServer } from 'fusionauth-dev-server';
import { KICKSTART } from '../support/fusionauth-target.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';

const APP_URL = 'http://app.example.test';

async function forgotPassword(server: DevServer, loginId: string): Promise<number> {
  const response = await fetch(`${server.url}/api/user/forgot-password`, {
    method: 'POST',
    headers: { authorization: KICKSTART.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ loginId, applicationId: KICKSTART.applicationId }),
  });
  return response.status;
}

describe('emails over SMTP (IDP_SMTP_URL)', () => {
  let sink: SmtpSink;
  let server: DevServer;
  before(async () => {
    sink = await startSmtpSink();
    server = await startDevServer({
      port: 0,
      dataDir: 'memory',
      passwordFactor: 1000,
      kickstartFile: KICKSTART.file,
      smtpUrl: sink.url,
      env: { APP_URL },
    });
  });
  after(async () => {
    await server?.close();
    await sink?.close();
  });

  test('a reset email reaches the SMTP server, from the tenant default sender, with the link to the app', async () => {
    assert.equal(await forgotPassword(server, 'richard@example.com'), 200);
    const mail = await sink.next();
    assert.deepEqual(mail.to, ['richard@example.com']);
    assert.equal(mail.from, 'change-me@example.com');
    assert.match(mail.data, /^Subject: Reset your password$/m);
    assert.match(mail.data.replace(/=\n/g, ''), new RegExp(`${APP_URL}/reset-password/[A-Za-z0-9_-]+`));
  });
});

test('with the SMTP server unreachable, the email still lands in /dev/mailbox and the API answers as usual', async () => {
  const server = await startDevServer({
    port: 0,
    dataDir: 'memory',
    passwordFactor: 1000,
    kickstartFile: KICKSTART.file,
    smtpUrl: 'smtp://127.0.0.1:9',
    env: { APP_URL },
  });
  try {
    assert.equal(await forgotPassword(server, 'richard@example.com'), 200);
    const mailbox = await fetch(`${server.url}/dev/mailbox`, { headers: { accept: 'application/json' } });
    const { messages } = (await mailbox.json()) as { messages: { to: string; subject: string }[] };
    assert.deepEqual(
      messages.map((message) => [message.to, message.subject]),
      [['richard@example.com', 'Reset your password']],
    );
  } finally {
    await server.close();
  }
});

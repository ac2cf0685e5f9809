/**
 * Do the README's claim → test rows name tests that can fail? For each row: break the protection with a
 * small edit of the source, run the cited test file (only the tests about that protection, where a name
 * pattern picks them), expect it to FAIL, and put the source back. A mutation whose tests still pass means a
 * claim no test backs. Run: `node --import tsx scripts/mutation-check.ts [claim substring]`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

interface Mutation {
  /** The claim, as the README's table says it (shortened). */
  claim: string;
  file: string;
  /** Text that occurs exactly once in `file`, and what breaks the protection instead. */
  find: string;
  replace: string;
  tests: string[];
  /** Only the tests whose names match (node --test-name-pattern). */
  pattern?: string;
}

const MUTATIONS: Mutation[] = [
  {
    claim: 'CSRF token and Origin check',
    file: 'src/web/csrf.ts',
    find: 'return origin === this.#appOrigin ||',
    replace: 'return true || origin === this.#appOrigin ||',
    tests: ['test/app/csrf.test.ts'],
    pattern: 'foreign Origin',
  },
  {
    claim: 'Cache-Control: no-store on pages',
    file: 'src/web/send-page.ts',
    find: ".header('cache-control', 'no-store')",
    replace: ".header('cache-control', 'private')",
    tests: ['test/app/security-headers.test.ts'],
  },
  {
    claim: 'rate limits per client IP and per email',
    file: 'src/web/rate-limits.ts',
    find: 'const LOGIN_ID_CEILING_FACTOR = 10;',
    replace: 'const LOGIN_ID_CEILING_FACTOR = 1;',
    tests: ['test/app/rate-limits.test.ts'],
  },
  {
    claim: 'returnTo never leaves the app',
    file: 'src/sign-in/return-to.ts',
    find: 'function isSingleSlashPath(path: string): boolean {',
    replace: 'function isSingleSlashPath(path: string): boolean {\n  if (path) return true;',
    tests: ['test/app/return-to.test.ts'],
  },
  {
    claim: 'no JWT ever reaches the browser',
    file: 'src/sign-in/start-signed-in-session.ts',
    find: "request.log.info({ userId: user.id }, 'signed in');",
    replace: "if (tokens) reply.setCookie('debug', tokens.accessToken, { path: '/' });",
    tests: ['test/app/no-jwt-in-browser.test.ts'],
    pattern: 'registering, signing in, every account page',
  },
  {
    claim: 'logs free of secrets (a request the parser rejects)',
    file: 'src/app.ts',
    find: "  'err.rawPacket',\n",
    replace: '',
    tests: ['test/app/logging.test.ts'],
    pattern: 'rejected request',
  },
  {
    claim: 'configuration errors never print a REDIS_URL password',
    file: 'src/sessions/redis-url.ts',
    find: "return url.replace(/^([^/]*\\/\\/)[^,]*@/, '$1***@');",
    replace: 'return url;',
    tests: ['test/app/config.test.ts'],
  },
  {
    claim: 'a REDIS_URL database the server lacks',
    file: 'src/sessions/redis-client.ts',
    find: 'wrongDatabases.set(client, problem);',
    replace: '',
    tests: ['test/app/redis-database.test.ts'],
  },
  {
    claim: 'a 4xx page for every kind of bad input',
    file: 'src/web/error-pages.ts',
    find: "const status = typeof error.statusCode === 'number' ? error.statusCode : 500;",
    replace: 'const status = 500;',
    tests: ['test/app/bad-input.test.ts'],
  },
  {
    claim: 'emails and names with hidden characters refused',
    file: 'src/web/visible-text.ts',
    find: "if (CONTROL.test(text)) return 'a control character';",
    replace: '',
    tests: ['test/app/hidden-characters.test.ts'],
  },
  {
    claim: "FusionAuth's 4xx on account actions gives the account page",
    file: 'src/fusionauth/two-factor-api.ts',
    find: "const answer = await this.call((client) => client.generateTwoFactorRecoveryCodes(userId));\n    if (answer.statusCode >= 400) return { kind: 'refused' };",
    replace:
      "const answer = await this.call((client) => client.generateTwoFactorRecoveryCodes(userId));\n    if (answer.statusCode >= 500) return { kind: 'refused' };",
    tests: ['test/app/account-refusals.test.ts'],
  },
  {
    claim: 'a hung Redis fails pages and sign-ins within REDIS_COMMAND_TIMEOUT_MS',
    file: 'src/sessions/redis-budget.ts',
    find: 'if (budget === undefined) return work();',
    replace: 'if (budget === undefined || budget) return work();',
    tests: ['test/app/redis-hang.test.ts'],
  },
  {
    claim: 'webhooks: duplicates',
    file: 'src/revocation/webhook-receiver.ts',
    find: 'const release = await ctx.webhookClaims.claim(event.id, REPLAY_WINDOW_MS);',
    replace: 'const release = (await ctx.webhookClaims.claim(event.id, REPLAY_WINDOW_MS)) ?? (async () => {});',
    tests: ['test/app/webhook-receiver.test.ts'],
    pattern: 'replayed',
  },
  {
    claim: 'revocation reaches every session',
    file: 'src/revocation/end-sessions.ts',
    find: '({ session }) => createdBefore === undefined || session.createdAt < createdBefore,',
    replace: '() => false,',
    tests: ['test/app/revocation.test.ts'],
  },
  {
    claim: 'passkeys: an answer made for another origin',
    file: 'src/fusionauth/passkey-credential.ts',
    find: 'return clientData?.type === ceremony && clientData.origin === origin;',
    replace: 'return clientData !== undefined;',
    tests: ['test/app/passkeys.test.ts'],
    pattern: 'same host',
  },
  {
    claim: 'account changes ask to confirm once REAUTH_SECONDS have passed',
    file: 'src/account/require-fresh-authentication.ts',
    find: 'return provedAt !== undefined && ctx.now() - provedAt <= ctx.config.reauthSeconds * 1000;',
    replace: 'return provedAt !== undefined || true;',
    tests: ['test/app/fresh-authentication.test.ts'],
    pattern: 'past REAUTH_SECONDS',
  },
  {
    claim: 'a trickling body or header is closed within REQUEST_TIMEOUT_SECONDS',
    file: 'src/app.ts',
    find: 'fastify: { requestTimeout: ms, connectionTimeout: ms },',
    replace: 'fastify: { requestTimeout: 0, connectionTimeout: 0 },',
    tests: ['test/app/slow-clients.test.ts'],
  },
  {
    claim: 'single sign-on across two apps: sign out of all',
    file: 'src/revocation/end-sessions.ts',
    find: '|| session.ssoSessionId === refreshTokenId,',
    replace: ',',
    tests: ['test/app/single-sign-on.test.ts'],
    pattern: 'Sign out of all Acme apps',
  },
  {
    claim: 'the production guard',
    file: 'src/production-guard.ts',
    find: "if (config.session.store === 'memory') {",
    replace: "if (config.session.store === 'nothing') {",
    tests: ['test/app/production-guard.test.ts'],
  },
];

function runTests(mutation: Mutation): { failed: boolean; seconds: number } {
  const started = performance.now();
  // The repo's tests run the dev server's TypeScript source, as `npm test` does.
  const args = ['--conditions=fusionauth-dev-server-source', '--import', 'tsx', '--test', '--test-concurrency=1'];
  if (mutation.pattern) args.push(`--test-name-pattern=${mutation.pattern}`);
  const run = spawnSync(process.execPath, [...args, ...mutation.tests], {
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  // Caught means an assertion failed: a file that does not load, or a run that times out, is no proof.
  const asserted = /ERR_ASSERTION|AssertionError/.test(run.stdout ?? '');
  return { failed: run.status !== 0 && asserted, seconds: (performance.now() - started) / 1000 };
}

const only = process.argv[2];
let survived = 0;
const started = performance.now();
for (const mutation of MUTATIONS.filter((candidate) => !only || candidate.claim.includes(only))) {
  const original = readFileSync(mutation.file, 'utf8');
  const occurrences = original.split(mutation.find).length - 1;
  if (occurrences !== 1) {
    console.log(`BROKEN  ${mutation.claim}: the edit's text occurs ${occurrences} times in ${mutation.file}`);
    survived++;
    continue;
  }
  const restore = () => writeFileSync(mutation.file, original);
  process.once('SIGINT', () => {
    restore();
    process.exit(130);
  });
  writeFileSync(mutation.file, original.replace(mutation.find, mutation.replace));
  let result: { failed: boolean; seconds: number };
  try {
    result = runTests(mutation);
  } finally {
    restore();
  }
  if (!result.failed) survived++;
  console.log(`${result.failed ? 'caught ' : 'SURVIVED'} ${mutation.claim} (${result.seconds.toFixed(1)} s)`);
}
const seconds = ((performance.now() - started) / 1000).toFixed(0);
console.log(
  survived === 0 ? `every mutation caught, in ${seconds} s` : `${survived} mutation(s) not caught (${seconds} s)`,
);
process.exit(survived === 0 ? 0 : 1);

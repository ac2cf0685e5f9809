import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEnvSettings } from '../../scripts/setup/env-file.ts';

test('settings replace their lines in place, other lines and comments stay, missing ones are appended under a header', () => {
  const before = '# my settings\nPORT=8001\nexport FUSIONAUTH_URL=http://old\n\nSESSION_MODE=tokens # comment\n';
  const after = applyEnvSettings(before, { FUSIONAUTH_URL: 'http://new:9011', FUSIONAUTH_CLIENT_ID: 'abc' });
  assert.equal(
    after,
    '# my settings\nPORT=8001\nFUSIONAUTH_URL=http://new:9011\n\nSESSION_MODE=tokens # comment\n\n# FusionAuth settings written by `npm run setup`\nFUSIONAUTH_CLIENT_ID=abc\n',
  );
});

test('applying the same settings twice changes nothing', () => {
  const once = applyEnvSettings('', { APP_URL: 'http://localhost:8000', FUSIONAUTH_WEBHOOK_SECRET: 'a+b/c==' });
  assert.equal(
    applyEnvSettings(once, { APP_URL: 'http://localhost:8000', FUSIONAUTH_WEBHOOK_SECRET: 'a+b/c==' }),
    once,
  );
});

test('a value with spaces or # is single-quoted, so Node reads it literally', () => {
  assert.equal(
    applyEnvSettings('', { FUSIONAUTH_API_KEY: 'a b#c' }),
    "# FusionAuth settings written by `npm run setup`\nFUSIONAUTH_API_KEY='a b#c'\n",
  );
  assert.throws(() => applyEnvSettings('', { X: "it's" }), /X: cannot write/);
});

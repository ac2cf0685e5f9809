import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { FusionAuthClient, SearchResponse } from '@fusionauth/typescript-client';
import { startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { apiClient, createUser, eventually, send } from './contract.ts';

let target: FusionAuthTarget;
let client: FusionAuthClient;

before(async () => {
  target = await startFusionAuthTarget();
  client = apiClient(target);
});
after(() => target?.close());

test('a search by ids answers {total, users} with exactly those users', async () => {
  const [first, second] = [await createUser(target), await createUser(target)];
  const { statusCode, response } = await client.searchUsersByIds([first.id, second.id, randomUUID()]);

  assert.equal(statusCode, 200);
  assert.equal(response.total, 2);
  assert.deepEqual(response.users?.map((u) => u.id).sort(), [first.id, second.id].sort());
});

test('a search by queryString finds the user it names', async () => {
  const { id, email } = await createUser(target);
  let found: SearchResponse | undefined;
  await eventually(async () => {
    found = (
      await client.searchUsersByQuery({ search: { queryString: `email:"${email}"`, numberOfResults: 25, startRow: 0 } })
    ).response;
    return found.total === 1;
  });
  assert.equal(found?.users?.[0]?.id, id);
  assert.equal(found?.users?.[0]?.email, email);
});

test('a search that matches nobody has a total of 0', async () => {
  const raw = await send(target, 'POST', '/api/user/search', {
    body: { search: { queryString: `email:"nobody-${randomUUID()}@example.com"` } },
  });
  assert.equal(raw.status, 200);
  const result = raw.json<SearchResponse>();
  assert.equal(result.total, 0);
  assert.deepEqual(result.users ?? [], []);
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { findWrk, wrkGenerator } from '../../bench/wrk.ts';
import type { LoadGenerator } from '../../bench/load.ts';
import { skipForMissingTool } from '../support/test-tools.ts';

const wrkPath = findWrk();
const settings = { seconds: 1, connections: 2, threads: 1 };

describe(
  'the bench load generator, wrk',
  { skip: wrkPath ? false : skipForMissingTool('wrk', 'install wrk (Debian/Ubuntu: apt-get install wrk)') },
  () => {
    let server: Server;
    let url: string;
    let wrk: LoadGenerator;
    before(async () => {
      // 200 on /, 500 on /broken; POST /form answers 200 only for the method, header and body the test sends.
      server = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          const sent = request.method === 'POST' && request.headers['x-bench'] === 'yes' && body === 'a=1&b=2';
          if (request.url === '/broken') response.writeHead(500).end('broken');
          else if (request.url === '/form') response.writeHead(sent ? 200 : 400).end();
          else response.writeHead(200).end('hello');
        });
      }).listen(0, '127.0.0.1');
      await once(server, 'listening');
      const address = server.address();
      url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      wrk = await wrkGenerator(wrkPath ?? 'wrk');
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    test('it names itself with its version, for the report', () => {
      assert.match(wrk.name, /^wrk \S+/);
    });

    test('a run reports requests per second and latency percentiles, with no failed requests', async () => {
      const result = await wrk.run({ url: `${url}/` }, settings);
      assert.ok(result.requests > 0);
      assert.ok(result.requestsPerSecond > 0);
      assert.ok(result.p50Ms > 0 && result.p50Ms <= result.p99Ms, `p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
      assert.equal(result.failures, 0);
    });

    test('error answers count as failed requests', async () => {
      const result = await wrk.run({ url: `${url}/broken` }, settings);
      assert.ok(result.requests > 0);
      assert.equal(result.failures, result.requests);
    });

    test('a POST run sends the method, headers and body it is given', async () => {
      const result = await wrk.run(
        { url: `${url}/form`, method: 'POST', headers: { 'x-bench': 'yes' }, body: 'a=1&b=2' },
        settings,
      );
      assert.ok(result.requests > 0);
      assert.equal(result.failures, 0);
    });
  },
);

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST a webhook receiver got: headers and the exact body bytes. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** The parsed `event` of a `{"event":{…}}` body. */
  event: Record<string, unknown> & { id: string; type: string };
}

/** A local HTTP endpoint that records what FusionAuth posts to it and answers as `respond` says. */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The status for the next delivery (default 200); may wait first. */
  respond: (delivery: ReceivedWebhook) => number | Promise<number>;
  /** Resolves once `count` deliveries satisfy `match`, polling every 10 ms up to `timeoutMs`. */
  waitFor(
    match: (delivery: ReceivedWebhook) => boolean,
    count?: number,
    timeoutMs?: number,
  ): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    respond: () => 200,
    async waitFor(match, count = 1, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = receiver.received.filter(match);
        if (found.length >= count) return found;
        if (Date.now() > deadline)
          throw new Error(`expected ${count} matching deliveries, got ${found.length} of ${receiver.received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on(
      'end',
      () =>
        void (async () => {
          const rawBody = Buffer.concat(chunks);
          const parsed = JSON.parse(rawBody.toString('utf8')) as { event: ReceivedWebhook['event'] };
          const delivery = { headers: request.headers, rawBody, event: parsed.event };
          receiver.received.push(delivery);
          response.statusCode = await receiver.respond(delivery);
          response.end();
        })(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}

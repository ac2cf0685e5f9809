import { createServer, request as httpRequest, type Server } from 'node:http';

/**
 * A pass-through HTTP proxy in front of FusionAuth that counts the calls the app makes, by
 * "METHOD /path". The app talks to it exactly as to FusionAuth.
 */
export interface CountingProxy {
  url: string;
  count(methodAndPath: string): number;
  /**
   * Answers calls whose "METHOD /path" starts with `methodAndPathPrefix` with `status` (and a JSON
   * body) instead of forwarding them: a FusionAuth answer the dev server cannot be led to give.
   * `null` forwards them again.
   */
  answerWith(methodAndPathPrefix: string, answer: { status: number; body?: unknown } | null): void;
  total(): number;
  reset(): void;
  /** From now on take requests and never answer them, as a FusionAuth that hangs. */
  stopAnswering(): void;
  close(): Promise<void>;
}

export async function startCountingProxy(targetUrl: string): Promise<CountingProxy> {
  const target = new URL(targetUrl);
  const counts = new Map<string, number>();
  const answers = new Map<string, { status: number; body?: unknown }>();
  let answering = true;
  const server: Server = createServer((incoming, outgoing) => {
    const path = new URL(incoming.url ?? '/', 'http://proxy').pathname;
    const name = `${incoming.method} ${path}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    if (!answering) return;
    const answer = [...answers].find(([prefix]) => name.startsWith(prefix))?.[1];
    if (answer) {
      incoming.resume();
      const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
      outgoing.writeHead(answer.status, body ? { 'content-type': 'application/json' } : {}).end(body);
      return;
    }
    const forwarded = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => {
      outgoing.writeHead(502).end();
    });
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    count: (methodAndPath) => counts.get(methodAndPath) ?? 0,
    answerWith: (prefix, answer) => (answer ? answers.set(prefix, answer) : answers.delete(prefix)),
    total: () => [...counts.values()].reduce((sum, n) => sum + n, 0),
    reset: () => counts.clear(),
    stopAnswering: () => {
      answering = false;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// A stand-in for a provider's HTTP API on 127.0.0.1 (ephemeral port): records every request and
// answers what the test set, so sends are tested over real HTTP without leaving the machine.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v21.0/123/messages?access_token=t`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

export interface StandIn {
  baseUrl: string;
  requests: RecordedRequest[];
  /** What the next requests are answered with (a JSON body, a raw string, or one made per request). */
  answer(status: number, body?: unknown | ((req: RecordedRequest) => unknown)): void;
  /** The very next request only gets this answer (queued, first in first out); then `answer`'s again. */
  answerOnce(status: number, body?: unknown): void;
  close(): Promise<void>;
}

export async function startStandIn(): Promise<StandIn> {
  const requests: RecordedRequest[] = [];
  let reply: { status: number; body?: unknown | ((req: RecordedRequest) => unknown) } = { status: 200, body: {} };
  const once: { status: number; body?: unknown }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, json };
      requests.push(recorded);
      const current = once.shift() ?? reply;
      const answer = typeof current.body === 'function' ? current.body(recorded) : current.body;
      const text = typeof answer === 'string' ? answer : answer === undefined ? '' : JSON.stringify(answer);
      res.writeHead(current.status, { 'content-type': typeof answer === 'string' ? 'text/plain' : 'application/json' });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    answer(status, body) {
      reply = { status, body };
    },
    answerOnce(status, body) {
      once.push({ status, body });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A base URL where nothing listens: for "network failure" cases. */
export async function unusedBaseUrl(): Promise<string> {
  const standIn = await startStandIn();
  await standIn.close();
  return standIn.baseUrl;
}

/**
 * For a describe block: one stand-in for the whole block, its recorded requests emptied and its
 * answer set back to `status`/`body` before each test (a test may change it for itself).
 */
export function useStandIn(status: number, body?: unknown | ((req: RecordedRequest) => unknown)): StandIn {
  let current: StandIn | undefined;
  const standIn = (): StandIn => {
    if (!current) throw new Error('the stand-in starts in beforeAll: use it inside a test');
    return current;
  };
  beforeAll(async () => {
    current = await startStandIn();
  });
  afterAll(() => current?.close());
  beforeEach(() => {
    standIn().requests.length = 0;
    standIn().answer(status, body);
  });
  return {
    get baseUrl() {
      return standIn().baseUrl;
    },
    get requests() {
      return standIn().requests;
    },
    answer: (s, b) => standIn().answer(s, b),
    answerOnce: (s, b) => standIn().answerOnce(s, b),
    close: () => standIn().close(),
  };
}

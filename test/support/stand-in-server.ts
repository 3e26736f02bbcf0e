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
  /** The very next request only gets this answer (queued, first in first out); then `answer`'s again.
   * `headers`: extra response headers (a rate limit's reset). */
  answerOnce(status: number, body?: unknown, headers?: Record<string, string>): void;
  /** Runs before the next request is answered (a webhook the provider delivers before its answer). */
  beforeAnswer(hook: ((req: RecordedRequest) => Promise<void>) | undefined): void;
  close(): Promise<void>;
}

/** An answer made per request that sets its own status and headers (returned by `answer`'s function). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

export async function startStandIn(): Promise<StandIn> {
  const requests: RecordedRequest[] = [];
  let reply: { status: number; body?: unknown | ((req: RecordedRequest) => unknown) } = { status: 200, body: {} };
  const once: { status: number; body?: unknown; headers?: Record<string, string> }[] = [];
  let hook: ((req: RecordedRequest) => Promise<void>) | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, json };
      requests.push(recorded);
      const current: { status: number; body?: unknown; headers?: Record<string, string> } = once.shift() ?? reply;
      if (hook) await hook(recorded).catch(() => undefined);
      const made = typeof current.body === 'function' ? current.body(recorded) : current.body;
      const answer = made instanceof Reply ? made.body : made;
      const status = made instanceof Reply ? made.status : current.status;
      const headers = made instanceof Reply ? { ...current.headers, ...made.headers } : current.headers;
      const text = typeof answer === 'string' ? answer : answer === undefined ? '' : JSON.stringify(answer);
      res.writeHead(status, { 'content-type': typeof answer === 'string' ? 'text/plain' : 'application/json', ...headers });
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
    answerOnce(status, body, headers) {
      once.push({ status, body, ...(headers ? { headers } : {}) });
    },
    beforeAnswer(next) {
      hook = next;
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
    standIn().beforeAnswer(undefined);
  });
  return {
    get baseUrl() {
      return standIn().baseUrl;
    },
    get requests() {
      return standIn().requests;
    },
    answer: (s, b) => standIn().answer(s, b),
    answerOnce: (s, b, h) => standIn().answerOnce(s, b, h),
    beforeAnswer: (hook) => standIn().beforeAnswer(hook),
    close: () => standIn().close(),
  };
}

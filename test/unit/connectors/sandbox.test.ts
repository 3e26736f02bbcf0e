import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sandboxConnector, type SandboxConfig } from '../../../connectors/sandbox/index.js';
import {
  MalformedPayloadError,
  PermanentSendError,
  type OutboundMessage,
  type WebhookRequest,
} from '../../../connectors/types.js';
import { unusedBaseUrl, useStandIn } from '../../support/stand-in-server.js';

const config: SandboxConfig = { secret: 'sandbox-secret' };
const receivedAt = new Date('2026-03-01T10:00:00.000Z');

function sign(raw: Buffer | string, secret = config.secret): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

function request(raw: string, signature?: string | string[]): WebhookRequest {
  const headers: WebhookRequest['headers'] = { 'content-type': 'application/json' };
  if (signature !== undefined) headers['x-switchboard-signature'] = signature;
  return { headers, rawBody: Buffer.from(raw) };
}

const privateBody = JSON.stringify({
  id: 'msg-1',
  from: { id: 'cust-7', name: 'Ada' },
  text: 'Where is my parcel?',
  kind: 'private',
});

function parse(body: unknown) {
  return sandboxConnector.parse(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), config, receivedAt);
}

function expectMalformed(body: unknown, message: string | RegExp) {
  expect(() => parse(body)).toThrowError(MalformedPayloadError);
  expect(() => parse(body)).toThrowError(message);
}

describe('sandbox config', () => {
  it('accepts a secret with an optional reply URL and window', () => {
    expect(sandboxConnector.validateConfig({ secret: 's', replyUrl: 'http://127.0.0.1:9/r', replyWindowSeconds: 3600 })).toEqual([]);
  });

  it('names every problem by key', () => {
    const problems = sandboxConnector.validateConfig({ replyUrl: 'ftp://x', replyWindowSeconds: -1, scret: 'typo' });
    expect(problems.map((p) => p.key).sort()).toEqual(['replyUrl', 'replyWindowSeconds', 'scret', 'secret']);
    expect(sandboxConnector.validateConfig('nope')).toEqual([{ key: '', message: 'config must be an object' }]);
  });

  it('keeps the secret out of API answers', () => {
    expect(sandboxConnector.secretKeys).toEqual(['secret']);
  });
});

describe('sandbox signature', () => {
  it('accepts the HMAC of the raw body', () => {
    expect(sandboxConnector.verify(request(privateBody, sign(privateBody)), config)).toBe(true);
  });

  it('reads the header whatever its case and accepts upper-case hex', () => {
    const req: WebhookRequest = {
      headers: { 'X-Switchboard-Signature': sign(privateBody).toUpperCase().replace('SHA256=', 'sha256=') },
      rawBody: Buffer.from(privateBody),
    };
    expect(sandboxConnector.verify(req, config)).toBe(true);
  });

  it('refuses a signature made for another body (forged)', () => {
    const other = privateBody.replace('parcel', 'refund');
    expect(sandboxConnector.verify(request(other, sign(privateBody)), config)).toBe(false);
  });

  it('refuses the same JSON re-serialised with different whitespace', () => {
    const pretty = JSON.stringify(JSON.parse(privateBody), null, 2);
    expect(sandboxConnector.verify(request(pretty, sign(privateBody)), config)).toBe(false);
  });

  it('refuses a missing, garbled or duplicated header', () => {
    expect(sandboxConnector.verify(request(privateBody), config)).toBe(false);
    expect(sandboxConnector.verify(request(privateBody, 'sha256=abc'), config)).toBe(false);
    expect(sandboxConnector.verify(request(privateBody, sign(privateBody).slice('sha256='.length)), config)).toBe(false);
    expect(sandboxConnector.verify(request(privateBody, [sign(privateBody), sign(privateBody)]), config)).toBe(false);
  });

  it('refuses a body signed with another secret', () => {
    expect(sandboxConnector.verify(request(privateBody, sign(privateBody, 'other-secret')), config)).toBe(false);
  });
});

describe('sandbox parse', () => {
  it('threads a private message on the sender, at reception time by default', () => {
    expect(parse(privateBody)).toEqual([
      {
        providerMessageId: 'msg-1',
        threadKey: 'cust-7',
        kind: 'private',
        direction: 'in',
        contact: { providerId: 'cust-7', name: 'Ada' },
        text: 'Where is my parcel?',
        attachments: [],
        at: '2026-03-01T10:00:00.000Z',
      },
    ]);
  });

  it('threads a public message on post and sender, at its own timestamp', () => {
    const [event] = parse({
      id: 'c-9',
      from: { id: 'cust-7', name: 'Ada' },
      text: 'Nice!',
      kind: 'public',
      postId: 'post-3',
      timestamp: '2026-02-28T23:30:00+01:00',
    });
    expect(event).toMatchObject({ threadKey: 'post-3:cust-7', kind: 'public', postId: 'post-3', at: '2026-02-28T22:30:00.000Z' });
  });

  it('accepts a batch of messages', () => {
    const events = parse({
      messages: [
        { id: 'a', from: { id: 'u1', name: 'U1' }, text: 'one', kind: 'private' },
        { id: 'b', from: { id: 'u2', name: 'U2' }, text: 'two', kind: 'public', postId: 'p' },
      ],
    });
    expect(events.map((e) => [e.providerMessageId, e.threadKey])).toEqual([
      ['a', 'u1'],
      ['b', 'p:u2'],
    ]);
  });

  it('says what to fix in a malformed body', () => {
    const valid = JSON.parse(privateBody) as Record<string, unknown>;
    expectMalformed('{not json', /not valid JSON/);
    expectMalformed([], 'body must be an object');
    expectMalformed({ ...valid, text: 42 }, 'text must be a string');
    expectMalformed({ ...valid, id: '' }, 'id must be a non-empty string');
    expectMalformed({ ...valid, from: 'ada' }, 'from must be an object');
    expectMalformed({ ...valid, from: { name: 'Ada' } }, 'from.id must be a non-empty string');
    expectMalformed({ ...valid, kind: 'dm' }, 'kind must be "private" or "public"');
    expectMalformed({ ...valid, kind: 'public' }, 'postId is required when kind is "public"');
    expectMalformed({ ...valid, timestamp: '2026-03-01' }, /timestamp must be an ISO 8601 date-time/);
    expectMalformed({ ...valid, timestamp: 1740000000 }, /timestamp must be an ISO 8601 date-time/);
    expectMalformed({ messages: [valid, { ...valid, text: null }] }, 'messages[1].text must be a string');
    expectMalformed({ messages: 'x' }, 'messages must be an array');
  });
});

describe('sandbox send', () => {
  const standIn = useStandIn(200, {});

  const reply: OutboundMessage = {
    outboundId: 'out-1',
    threadKey: 'cust-7',
    kind: 'private',
    recipientId: 'cust-7',
    text: 'It left the warehouse today.',
    byHuman: true,
  };
  const withReplyUrl = (): SandboxConfig => ({ ...config, replyUrl: `${standIn.baseUrl}/replies` });

  it('only stores the reply when no replyUrl is set', async () => {
    expect(await sandboxConnector.send(reply, config, fetch)).toEqual({ providerMessageId: 'sandbox:out-1' });
    expect(standIn.requests).toHaveLength(0);
  });

  it('POSTs { to, text, outboundId } to replyUrl and keeps the id it answers', async () => {
    standIn.answer(201, { id: 'ext-55' });
    expect(await sandboxConnector.send(reply, withReplyUrl(), fetch)).toEqual({ providerMessageId: 'ext-55' });
    expect(standIn.requests).toHaveLength(1);
    const [req] = standIn.requests;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/replies');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.json).toEqual({ to: 'cust-7', text: 'It left the warehouse today.', outboundId: 'out-1' });
  });

  it('falls back to its own id when the receiver answers none', async () => {
    standIn.answer(204);
    expect(await sandboxConnector.send(reply, withReplyUrl(), fetch)).toEqual({ providerMessageId: 'sandbox:out-1' });
  });

  it('lets a 5xx be retried but refuses for good on a 4xx', async () => {
    standIn.answer(500, 'boom');
    const retryable = await sandboxConnector.send(reply, withReplyUrl(), fetch).catch((e: unknown) => e);
    expect(retryable).toBeInstanceOf(Error);
    expect(retryable).not.toBeInstanceOf(PermanentSendError);
    expect((retryable as Error).message).toContain('HTTP 500');

    standIn.answer(400, { error: 'unknown recipient' });
    const refused = await sandboxConnector.send(reply, withReplyUrl(), fetch).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PermanentSendError);
    expect((refused as Error).message).toContain('unknown recipient');
  });

  it('lets a network failure be retried', async () => {
    const down = { ...config, replyUrl: `${await unusedBaseUrl()}/replies` };
    const error = await sandboxConnector.send(reply, down, fetch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentSendError);
  });
});

describe('sandbox policy', () => {
  it('has no reply window unless configured', () => {
    expect(sandboxConnector.policy('private', config)).toEqual({});
    expect(sandboxConnector.policy('public', { ...config, replyWindowSeconds: 600 })).toEqual({
      standardWindowSeconds: 600,
      humanAgentWindowSeconds: 600,
    });
  });
});

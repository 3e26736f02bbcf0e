// Each channel's health in the channel list: the last event received and the last failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { sandboxHeaders } from '../support/signing.js';
import { startStandIn, type StandIn } from '../support/stand-in-server.js';

const SECRET = 'health-secret';

describe('channel health', () => {
  let stack: ApiStack;
  let standIn: StandIn;
  let channelId: string;

  beforeAll(async () => {
    stack = await startApiStack();
    standIn = await startStandIn();
    const res = await stack.request('POST', '/api/channels', {
      token: stack.adminToken,
      payload: { type: 'sandbox', name: 'Health chat', config: { secret: SECRET, replyUrl: `${standIn.baseUrl}/replies` } },
    });
    expect(res.status).toBe(201);
    expect(res.body.health).toEqual({});
    channelId = res.body.id;
  });
  afterAll(async () => {
    await stack?.stop();
    await standIn?.close();
  });

  async function health() {
    const list = await stack.request('GET', '/api/channels', { token: stack.adminToken });
    return (list.body as any[]).find((c) => c.id === channelId).health;
  }

  it('shows when the last event arrived, a refused webhook and a refused send', async () => {
    const before = Date.now();
    const body = JSON.stringify({ id: 'health-1', from: { id: 'h1', name: 'Hana' }, text: 'hello', kind: 'private' });
    expect((await stack.request('POST', `/webhooks/${channelId}`, { payload: body, headers: sandboxHeaders(SECRET, body) })).status).toBe(200);
    const afterEvent = await health();
    expect(Date.parse(afterEvent.lastEventAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(afterEvent.lastError).toBeUndefined();
    // The same through GET /api/channels/{id}.
    expect((await stack.request('GET', `/api/channels/${channelId}`, { token: stack.adminToken })).body.health).toEqual(afterEvent);

    const forged = JSON.stringify({ id: 'health-2', from: { id: 'h2' }, text: 'forged', kind: 'private' });
    const refused = await stack.request('POST', `/webhooks/${channelId}`, { payload: forged, headers: sandboxHeaders('not-the-secret', forged) });
    expect(refused.status).toBe(401);
    const afterForgery = await health();
    expect(afterForgery.lastError.message).toMatch(/^a webhook was refused: the signature is missing or does not match/);
    expect(afterForgery.lastEventAt).toBe(afterEvent.lastEventAt);

    const convo = await stack.eventually(async () => {
      const list = await stack.request('GET', `/api/conversations?channelId=${channelId}`, { token: stack.adminToken });
      return (list.body.items as any[])[0];
    });
    // The conversation is listed as soon as the relay linked it, maybe before its workflow exists:
    // the reply waits for the hand-over (it answered 409 "not running any more" before).
    standIn.answer(400, { error: 'recipient blocked the page' });
    const reply = await stack.request('POST', `/api/conversations/${convo.id}/reply`, { token: stack.adminToken, payload: { text: 'Hi Hana' } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(502);
    const afterSend = await health();
    expect(afterSend.lastError.message).toMatch(/^a send failed: replyUrl answered HTTP 400/);
    expect(Date.parse(afterSend.lastError.at)).toBeGreaterThanOrEqual(Date.parse(afterForgery.lastError.at));
  });
});

// The lifecycle on the real stack (PostgreSQL, Temporal dev server, worker, relay, API): what an
// admin configures reaches new and running conversations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { sandboxHeaders } from '../support/signing.js';
import { startStandIn, type StandIn } from '../support/stand-in-server.js';

const SECRET = 'lifecycle-secret';

describe('conversation lifecycle on the real stack', () => {
  let stack: ApiStack;
  let standIn: StandIn;
  let channelId: string;
  let n = 0;

  beforeAll(async () => {
    stack = await startApiStack();
    standIn = await startStandIn();
    const res = await stack.request('POST', '/api/channels', {
      token: stack.adminToken,
      payload: { type: 'sandbox', name: 'Web chat', config: { secret: SECRET, replyUrl: `${standIn.baseUrl}/replies` } },
    });
    expect(res.status).toBe(201);
    channelId = res.body.id;
  });
  afterAll(async () => {
    await stack?.stop();
    await standIn?.close();
  });

  const as = (method: string, url: string, payload?: unknown, token = stack.adminToken) => stack.request(method, url, { token, payload });

  async function customerWrites(from: string, text: string) {
    const body = JSON.stringify({ id: `msg-${++n}`, from: { id: from, name: `Customer ${from}` }, text, kind: 'private' });
    const res = await stack.request('POST', `/webhooks/${channelId}`, { payload: body, headers: sandboxHeaders(SECRET, body) });
    expect(res.status).toBe(200);
  }

  async function conversationOf(from: string, check: (c: any) => boolean = () => true) {
    return stack.eventually(async () => {
      const res = await as('GET', `/api/conversations?channelId=${channelId}&limit=100`);
      const found = (res.body.items as any[]).find((c) => c.contact.name === `Customer ${from}`);
      return found && check(found) ? found : undefined;
    });
  }

  async function publish(kind: string, document: unknown): Promise<{ id: string; version: number }> {
    const created = await as('POST', `/api/${kind}`, { document });
    expect(created.status).toBe(201);
    const published = await as('POST', `/api/${kind}/${created.body.id}/publish`);
    expect(published.status).toBe(200);
    return { id: created.body.id, version: published.body.version };
  }

  it('runs a published automation on a new thread: tags, priority, team, with the reason in the audit trail', async () => {
    const team = await as('POST', '/api/teams', { name: 'Refunds', memberIds: [] });
    const automation = await publish('automations', {
      schema: 'switchboard.automation/1',
      name: 'Refund requests',
      enabled: true,
      triggers: ['conversation.created'],
      when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'remboursement' }] },
      then: [
        { id: 'a1', type: 'addTags', tags: ['refund'] },
        { id: 'a2', type: 'setPriority', priority: 'high' },
        { id: 'a3', type: 'assignTeam', teamId: team.body.id },
      ],
      stop: false,
    });

    await customerWrites('rita', 'Je veux un REMBOURSEMENT svp');
    const convo = await conversationOf('rita', (c) => c.team?.id === team.body.id);
    expect(convo).toMatchObject({ status: 'assigned', priority: 'high', tags: [{ name: 'refund' }] });

    const detail = await as('GET', `/api/conversations/${convo.id}`);
    const fired = detail.body.events.find((e: any) => e.type === 'automation.fired');
    expect(fired).toMatchObject({
      actor: { type: 'automation', id: automation.id, name: 'Refund requests' },
      detail: { version: automation.version, conditions: { c1: { result: true } } },
    });
    expect(detail.body.events.find((e: any) => e.type === 'conversation.assigned')).toMatchObject({ actor: { type: 'automation' } });

    // A thread that does not match is left alone.
    await customerWrites('paul', 'Where is my parcel?');
    const other = await conversationOf('paul');
    expect(other).toMatchObject({ status: 'unassigned', priority: 'normal', tags: [] });
  });

  it('routes a new thread by skill set to an online agent of the team, and a waiting one when an agent comes online', async () => {
    const online = await stack.userToken('agent');
    const later = await stack.userToken('agent');
    const team = await as('POST', '/api/teams', { name: 'Dutch', memberIds: [online.id] });
    const lateTeam = await as('POST', '/api/teams', { name: 'Night', memberIds: [later.id] });
    await as('PUT', '/api/me/presence', { status: 'online' }, online.token);
    await publish('skill-sets', {
      schema: 'switchboard.skillset/1',
      name: 'Dutch speakers',
      enabled: true,
      when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'hallo' }] },
      target: { teamId: team.body.id },
      strategy: 'balanced',
    });
    await publish('skill-sets', {
      schema: 'switchboard.skillset/1',
      name: 'Night shift',
      enabled: true,
      when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'midnight' }] },
      target: { teamId: lateTeam.body.id },
      strategy: 'roundRobin',
    });

    await customerWrites('henk', 'Hallo, mijn pakket?');
    const routed = await conversationOf('henk', (c) => c.assignee?.id === online.id);
    expect(routed).toMatchObject({ status: 'assigned', team: { id: team.body.id } });

    await customerWrites('nina', 'Help at midnight');
    const waiting = await conversationOf('nina', (c) => c.team?.id === lateTeam.body.id);
    expect(waiting.assignee).toBeUndefined();
    await as('PUT', '/api/me/presence', { status: 'online' }, later.token);
    await conversationOf('nina', (c) => c.assignee?.id === later.id);
  });

  it('sends the CSAT survey on resolve and stores the answer without reopening', async () => {
    const survey = await as('POST', '/api/csat-surveys', {
      channelId,
      defaultLanguage: 'en',
      versions: [
        { language: 'en', question: 'How did we do, 1 to 5?', thanks: 'Thank you!' },
        { language: 'fr', question: 'Notez-nous de 1 à 5', thanks: 'Merci !' },
      ],
      timeoutSeconds: 3600,
    });
    expect(survey.status).toBe(201);
    await customerWrites('carla', 'My invoice is wrong');
    const convo = await conversationOf('carla');
    expect((await as('POST', `/api/conversations/${convo.id}/reply`, { text: 'Fixed, sorry!' })).status).toBe(200);
    expect((await as('POST', `/api/conversations/${convo.id}/resolve`, {})).status).toBe(200);
    await stack.eventually(async () => standIn.requests.some((r) => (r.json as any)?.text === 'How did we do, 1 to 5?'));

    await customerWrites('carla', '5 - very quick');
    await stack.eventually(async () => standIn.requests.some((r) => (r.json as any)?.text === 'Thank you!'));
    const detail = await as('GET', `/api/conversations/${convo.id}`);
    expect(detail.body.status).toBe('done');
    expect(detail.body.events.find((e: any) => e.type === 'csat.answered')).toMatchObject({ detail: { score: 5, comment: 'very quick' } });
    const row = await stack.services.db('csat_responses').where({ conversation_id: convo.id }).first();
    expect(row).toMatchObject({ status: 'answered', score: 5, comment: 'very quick', language: 'en' });
    await as('DELETE', `/api/csat-surveys/${survey.body.id}`);
  });

  it('applies a changed auto-resolve preference to conversations already running', async () => {
    await customerWrites('olga', 'Anyone there?');
    const convo = await conversationOf('olga');
    // A reason of another channel type, so resolving sandbox conversations by hand stays reason-free.
    const reason = await as('POST', '/api/resolution-reasons', { name: 'No answer needed', channelTypes: ['whatsapp'], kinds: ['private'] });
    expect(reason.status).toBe(201);
    const put = await as('PUT', '/api/settings/auto-resolve', { new: { afterSeconds: 1, reasonId: reason.body.id } });
    expect(put.status).toBe(200);
    await conversationOf('olga', (c) => c.status === 'done');
    const detail = await as('GET', `/api/conversations/${convo.id}`);
    expect(detail.body.events.find((e: any) => e.type === 'conversation.resolved')).toMatchObject({ actor: { type: 'system' }, detail: { auto: 'new', afterSeconds: 1, reasonId: reason.body.id } });
    await as('PUT', '/api/settings/auto-resolve', { new: null });
  });

  it('lets an agent set a conversation pending, and the customer reply brings it back', async () => {
    const agent = await stack.userToken('agent');
    await customerWrites('ivan', 'Question about my plan');
    const convo = await conversationOf('ivan');
    await as('POST', `/api/conversations/${convo.id}/reply`, { text: 'Which plan?' }, agent.token);
    const pending = await as('POST', `/api/conversations/${convo.id}/pending`, {}, agent.token);
    expect(pending.body).toMatchObject({ status: 'pending', assignee: { id: agent.id } });
    await customerWrites('ivan', 'The gold one');
    await conversationOf('ivan', (c) => c.status === 'assigned');
  });

  // Last in this file: from here on, sandbox private conversations need a reason to be resolved.
  it("where a reason is mandatory, skips an automation's resolve without one (saying why) and refuses an agent's with 400", async () => {
    const reason = await as('POST', '/api/resolution-reasons', { name: 'Handled', channelTypes: ['sandbox'], kinds: ['private'] });
    expect(reason.status).toBe(201);
    await publish('automations', {
      schema: 'switchboard.automation/1',
      name: 'Close unsubscribes',
      enabled: true,
      triggers: ['conversation.created'],
      when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'unsubscribe' }] },
      then: [{ id: 'a1', type: 'resolve' }],
      stop: false,
    });
    await customerWrites('uma', 'Please unsubscribe me');
    const convo = await conversationOf('uma');
    const skipped = await stack.eventually(async () =>
      ((await as('GET', `/api/conversations/${convo.id}`)).body.events as any[]).find((e) => e.type === 'automation.action_skipped'),
    );
    const required = `a resolution reason is required for private conversations of this channel; choose one of: ${reason.body.id} (Handled)`;
    expect(skipped).toMatchObject({ actor: { type: 'automation', name: 'Close unsubscribes' }, detail: { action: 'resolve', reason: required } });
    expect((await as('GET', `/api/conversations/${convo.id}`)).body.status).toBe('unassigned');

    expect((await as('POST', `/api/conversations/${convo.id}/reply`, { text: 'Done, you will not hear from us.' })).status).toBe(200);
    const refused = await as('POST', `/api/conversations/${convo.id}/resolve`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe(required);
    const resolved = await as('POST', `/api/conversations/${convo.id}/resolve`, { reasonId: reason.body.id });
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('done');
  });
});

// Autoresponder scripts end to end on the real stack (PostgreSQL, the Temporal dev server, the
// sandbox channel): a published script talks to a customer through the channel (a loopback
// stand-in at replyUrl records what the channel sent), stores the answers in the contact's
// attributes, shows in GET /api/conversations/{id} while it runs, leaves its audit trail, hands
// over to its team; automations then see the attributes it set; the dry run compares it with
// what actually started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { sandboxHeaders } from '../support/signing.js';
import { startStandIn, type StandIn } from '../support/stand-in-server.js';

const SECRET = 'sandbox-secret-for-scripts';

const orderHelp = (teamId: string, extra: Record<string, unknown> = {}) => ({
  schema: 'switchboard.script/1',
  name: 'Order help',
  enabled: true,
  channels: [],
  hours: 'any',
  when: { id: 'g1', all: [] },
  start: 's1',
  steps: [
    { id: 's1', type: 'message', text: 'Bonjour ! Je vais vous poser deux questions.', next: 's2' },
    {
      id: 's2', type: 'question', text: 'Votre adresse e-mail ?', answer: 'email', attribute: 'email',
      retryText: "Ce n'est pas une adresse e-mail valide.", maxAttempts: 2, timeoutSeconds: 900, next: 's3', onInvalid: 's9', onTimeout: 's9',
    },
    {
      id: 's3', type: 'question', text: 'Commande ou livraison ?', answer: 'choice', attribute: 'reason', next: 's4',
      choices: [{ id: 'k1', label: 'Commande', value: 'order' }, { id: 'k2', label: 'Livraison', value: 'delivery' }],
    },
    {
      id: 's4', type: 'branch', otherwise: 's9',
      branches: [{ id: 'b1', when: { id: 'g2', all: [{ id: 'c1', fact: 'contact.attributes.reason', operator: 'equal', value: 'order' }] }, next: 's5' }],
    },
    { id: 's5', type: 'setAttribute', key: 'segment', value: 'orders', next: 's9' },
    { id: 's9', type: 'handover', teamId, text: 'Un conseiller vous répond.' },
  ],
  ...extra,
});

/** Tags a conversation whose contact the script filed under orders. */
const ordersFollowUp = {
  schema: 'switchboard.automation/1',
  name: 'Orders follow-up',
  enabled: true,
  triggers: ['message.received'],
  when: { id: 'g1', all: [{ id: 'c1', fact: 'contact.attributes.reason', operator: 'equal', value: 'order' }] },
  then: [{ id: 'a1', type: 'addTags', tags: ['orders'] }],
  stop: false,
};

describe('a published script on the sandbox channel', () => {
  let stack: ApiStack;
  let standIn: StandIn;
  let channelId: string;
  let teamId: string;
  let scriptId: string;
  let n = 0;
  const as = (method: string, url: string, payload?: unknown) => stack.request(method, url, { token: stack.adminToken, payload });

  beforeAll(async () => {
    [stack, standIn] = await Promise.all([startApiStack(), startStandIn()]);
    const channel = await as('POST', '/api/channels', { type: 'sandbox', name: 'Web chat', config: { secret: SECRET, replyUrl: `${standIn.baseUrl}/replies` } });
    expect(channel.status).toBe(201);
    channelId = channel.body.id;
    const team = await as('POST', '/api/teams', { name: 'Orders' });
    expect(team.status).toBe(201);
    teamId = team.body.id;
    const created = await as('POST', '/api/scripts', { document: orderHelp(teamId) });
    expect(created.status).toBe(201);
    scriptId = created.body.id;
    expect((await as('POST', `/api/scripts/${scriptId}/publish`)).body).toMatchObject({ version: 1 });
    const automation = await as('POST', '/api/automations', { document: ordersFollowUp });
    expect((await as('POST', `/api/automations/${automation.body.id}/publish`)).status).toBe(200);
  });
  afterAll(async () => {
    await Promise.all([stack?.stop(), standIn?.close()]);
  });

  async function customerWrites(from: string, text: string, kind: 'private' | 'public' = 'private') {
    const body = JSON.stringify({ id: `msg-${++n}`, from: { id: from, name: `Customer ${from}` }, text, kind, ...(kind === 'public' ? { postId: 'post-1' } : {}) });
    const res = await stack.request('POST', `/webhooks/${channelId}`, { payload: body, headers: sandboxHeaders(SECRET, body) });
    expect(res.status).toBe(200);
  }
  /** What the channel sent to `to`, in order. */
  const sentTo = (to: string) => standIn.requests.map((r) => r.json as { to: string; text: string }).filter((m) => m.to === to).map((m) => m.text);
  const sentCount = (to: string, count: number) => stack.eventually(async () => sentTo(to).length >= count && sentTo(to));
  const conversationOf = (from: string, channel = channelId) =>
    stack.eventually(async () => {
      const res = await as('GET', `/api/conversations?channelId=${channel}&limit=100`);
      return (res.body.items as { id: string; contact: { id: string; name: string } }[]).find((c) => c.contact.name === `Customer ${from}`);
    });
  const detailOf = async (id: string) => (await as('GET', `/api/conversations/${id}`)).body;

  it('talks to the customer, stores the answers, shows itself while it runs and hands over to its team', async () => {
    await customerWrites('jeanne', 'Bonjour, ma commande ?');
    await sentCount('jeanne', 2);
    const convo = await conversationOf('jeanne');
    const running = await stack.eventually(async () => {
      const d = await detailOf(convo.id);
      return d.script?.stepId === 's2' && d;
    });
    expect(running.script).toEqual({ id: scriptId, name: 'Order help', version: 1, stepId: 's2' });
    expect(running.status).toBe('unassigned');

    await customerWrites('jeanne', 'jeanne at example');
    await sentCount('jeanne', 3);
    await customerWrites('jeanne', 'jeanne@Example.fr');
    await sentCount('jeanne', 4);
    expect((await stack.eventually(async () => (await detailOf(convo.id)).script?.stepId === 's3' && true))).toBe(true);
    await customerWrites('jeanne', 'commande');
    await sentCount('jeanne', 5);

    expect(sentTo('jeanne')).toEqual([
      'Bonjour ! Je vais vous poser deux questions.',
      'Votre adresse e-mail ?',
      "Ce n'est pas une adresse e-mail valide.",
      'Commande ou livraison ?\n1. Commande\n2. Livraison',
      'Un conseiller vous répond.',
    ]);
    const handed = await stack.eventually(async () => {
      const d = await detailOf(convo.id);
      return d.status === 'assigned' && d;
    });
    expect(handed.team).toEqual({ id: teamId, name: 'Orders' });
    expect(handed.assignee).toBeUndefined();
    expect(handed.script).toBeUndefined();

    const contact = await as('GET', `/api/contacts/${convo.contact.id}`);
    expect(contact.body.attributes).toMatchObject({ email: 'jeanne@example.fr', reason: 'order', segment: 'orders' });

    const author = { type: 'script', id: scriptId, name: 'Order help', version: 1 };
    const outbound = handed.messages.filter((m: { direction: string }) => m.direction === 'out');
    expect(outbound).toHaveLength(5);
    for (const m of outbound) expect(m.author).toEqual(author);
    const trail = handed.events
      .filter((e: { type: string }) => e.type !== 'conversation.created')
      .map((e: { type: string; actor: unknown; detail: Record<string, unknown> }) => ({ type: e.type, actor: e.actor, detail: e.detail }));
    const changed = (set: Record<string, string>) => ({
      type: 'contact.attribute_changed',
      actor: author,
      detail: { contactId: convo.contact.id, set, removed: [], previous: {} },
    });
    expect(trail).toEqual([
      { type: 'script.started', actor: author, detail: { scriptId, version: 1 } },
      { type: 'script.invalidAnswer', actor: author, detail: { stepId: 's2', attempt: 1 } },
      { type: 'script.answered', actor: author, detail: { stepId: 's2', attribute: 'email', value: 'jeanne@example.fr' } },
      changed({ email: 'jeanne@example.fr' }),
      { type: 'script.answered', actor: author, detail: { stepId: 's3', attribute: 'reason', value: 'order' } },
      changed({ reason: 'order' }),
      changed({ segment: 'orders' }),
      { type: 'script.ended', actor: author, detail: { stepId: 's9', reason: 'handover' } },
      { type: 'conversation.assigned', actor: author, detail: { teamId, teamName: 'Orders' } },
    ]);
    // Nobody was asked to route it: the script's team has it.
    expect(handed.events.some((e: { type: string }) => e.type === 'conversation.waiting')).toBe(false);

    if (process.env.PRINT_SCRIPT_TRANSCRIPT) {
      // as GET /api/conversations/{id} lists them: messages by time, the audit trail as written
      const messages = handed.messages.map(
        (m: { at: string; direction: string; author: { type: string; name?: string; version?: number }; text: string }) =>
          `${m.at.slice(11, 23)} ${m.direction === 'in' ? 'customer' : `${m.author.type} "${m.author.name}" v${m.author.version}`}: ${JSON.stringify(m.text)}`,
      );
      const events = handed.events.map(
        (e: { at: string; type: string; actor: { type: string }; detail: unknown }) => `${e.at.slice(11, 23)} ${e.type} by ${e.actor.type} ${JSON.stringify(e.detail)}`,
      );
      process.stderr.write(`\nmessages:\n${messages.join('\n')}\naudit trail:\n${events.join('\n')}\n`);
    }
  });

  it('lets the automations see the attributes the script set on the next evaluation', async () => {
    const convo = await conversationOf('jeanne');
    // before the script answered, no evaluation saw reason = order: nothing fired
    expect((await detailOf(convo.id)).events.some((e: { type: string }) => e.type === 'automation.fired')).toBe(false);
    await customerWrites('jeanne', 'Merci !');
    const tagged = await stack.eventually(async () => {
      const d = await detailOf(convo.id);
      return d.tags.some((t: { name: string }) => t.name === 'orders') && d;
    });
    expect(tagged.events.filter((e: { type: string }) => e.type === 'automation.fired')).toHaveLength(1);
    // the script does not start again on an assigned conversation
    expect(tagged.events.filter((e: { type: string }) => e.type === 'script.started')).toHaveLength(1);
  });

  it('stops when an agent replies while it waits, and sends nothing more', async () => {
    const agent = await stack.userToken('agent');
    await customerWrites('paul', 'Bonjour');
    await sentCount('paul', 2);
    const convo = await conversationOf('paul');
    await stack.eventually(async () => (await detailOf(convo.id)).script?.stepId === 's2');
    const reply = await stack.request('POST', `/api/conversations/${convo.id}/reply`, { token: agent.token, payload: { text: 'Je prends la suite.' } });
    expect(reply.status).toBe(200);
    const detail = await detailOf(convo.id);
    expect(detail.script).toBeUndefined();
    expect(detail.assignee).toMatchObject({ id: agent.id });
    expect(detail.events.filter((e: { type: string }) => e.type === 'script.ended').map((e: { detail: unknown }) => e.detail)).toEqual([{ stepId: 's2', reason: 'agent' }]);

    await customerWrites('paul', 'paul@example.fr');
    await stack.eventually(async () => (await detailOf(convo.id)).messages.length === 5 || undefined);
    const after = await detailOf(convo.id);
    expect(sentTo('paul')).toEqual(['Bonjour ! Je vais vous poser deux questions.', 'Votre adresse e-mail ?', 'Je prends la suite.']);
    expect(after.events.some((e: { type: string }) => e.type === 'script.answered')).toBe(false);
  });

  it('never starts on a public conversation', async () => {
    await customerWrites('lea', 'Super post', 'public');
    const convo = await conversationOf('lea');
    const detail = await stack.eventually(async () => {
      const d = await detailOf(convo.id);
      return d.events.some((e: { type: string }) => e.type === 'conversation.created') && d;
    });
    expect(detail.script).toBeUndefined();
    expect(detail.events.some((e: { type: string }) => e.type.startsWith('script.'))).toBe(false);
    expect(sentTo('lea')).toEqual([]);
  });

  it('dry-runs the script over the period: which conversations it would start on, against what actually started', async () => {
    const published = await as('POST', `/api/scripts/${scriptId}/dry-run`, { version: 1 });
    expect(published.status).toBe(200);
    const byContact = async (from: string) => (await conversationOf(from)).id;
    const find = (body: { conversations: Array<{ id: string }> }, id: string) => body.conversations.find((c) => c.id === id) as Record<string, unknown>;
    const [jeanne, paul, lea] = [await byContact('jeanne'), await byContact('paul'), await byContact('lea')];
    expect(find(published.body, jeanne)).toMatchObject({ fired: true, publishedActions: [{ type: 'startScript', scriptId, version: 1 }], publishedVersion: 1, differs: false });
    expect(find(published.body, paul)).toMatchObject({ fired: true, differs: false });
    expect(find(published.body, lea)).toMatchObject({ fired: false, actions: [], publishedActions: [], differs: false });
    expect(published.body.summary).toMatchObject({ evaluated: 3, fired: 2, differing: 0 });

    // a draft only for the closed hours (the channel has none: always open) would have started on none
    expect((await as('PUT', `/api/scripts/${scriptId}/draft`, { document: orderHelp(teamId, { hours: 'closed' }) })).status).toBe(200);
    const draft = await as('POST', `/api/scripts/${scriptId}/dry-run`, {});
    expect(draft.status).toBe(200);
    expect(find(draft.body, jeanne)).toMatchObject({ fired: false, differs: true });
    expect(draft.body.summary).toMatchObject({ evaluated: 3, fired: 0, differing: 2 });
  });
  it('starts the closed-hours script on a channel that is closed now, without the out-of-hours message besides it', async () => {
    const night = await as('POST', '/api/channels', { type: 'sandbox', name: 'Night chat', config: { secret: SECRET, replyUrl: `${standIn.baseUrl}/replies` } });
    const nightChannel = night.body.id as string;
    const hh = (h: number) => String(h % 24).padStart(2, '0');
    const hour = new Date().getUTCHours();
    const hours = await as('PUT', `/api/channels/${nightChannel}/business-hours`, {
      timeZone: 'UTC',
      weekly: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({ day, open: `${hh(hour + 2)}:00`, close: `${hh(hour + 4)}:00` })),
      holidays: [],
      outsideHours: { routing: 'immediately', messageText: 'Nous sommes fermés.' },
    });
    expect(hours.status).toBe(200);
    const short = (name: string, when: 'open' | 'closed', text: string) => ({
      schema: 'switchboard.script/1', name, enabled: true, channels: [nightChannel], hours: when, start: 'm1',
      steps: [{ id: 'm1', type: 'message', text, next: 'h1' }, { id: 'h1', type: 'handover' }],
    });
    const ids: string[] = [];
    for (const doc of [short('Day', 'open', 'Bonjour, un instant.'), short('Night', 'closed', 'Nous répondons dès l\'ouverture.')]) {
      const created = await as('POST', '/api/scripts', { document: doc });
      expect((await as('POST', `/api/scripts/${created.body.id}/publish`)).status).toBe(200);
      ids.push(created.body.id);
    }
    // first in list order: Day (open hours only), then Night, then Order help (any channel, any hours)
    expect((await as('POST', '/api/scripts/order', { ids: [...ids, scriptId] })).status).toBe(200);

    const body = JSON.stringify({ id: `msg-${++n}`, from: { id: 'owl', name: 'Customer owl' }, text: 'Il y a quelqu\'un ?', kind: 'private' });
    expect((await stack.request('POST', `/webhooks/${nightChannel}`, { payload: body, headers: sandboxHeaders(SECRET, body) })).status).toBe(200);
    const convo = await conversationOf('owl', nightChannel);
    const detail = await stack.eventually(async () => {
      const d = await detailOf(convo.id);
      return d.events.some((e: { type: string }) => e.type === 'script.ended') && d;
    });
    const started = detail.events.find((e: { type: string }) => e.type === 'script.started');
    expect(started.actor).toMatchObject({ type: 'script', id: ids[1], name: 'Night', version: 1 });
    expect(detail.events.find((e: { type: string }) => e.type === 'script.ended').detail).toEqual({ stepId: 'h1', reason: 'handover' });
    await sentCount('owl', 1);
    expect(sentTo('owl')).toEqual(["Nous répondons dès l'ouverture."]);
    expect(detail.status).toBe('unassigned');
  });
});

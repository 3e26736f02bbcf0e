// Team metrics (api.md GET /api/metrics) against a fixture written in SQL, figures computed by
// hand. The period spans Europe/Paris's clocks going back (2026-10-25 lasts 25 hours there:
// 2026-10-24T22:00Z to 2026-10-25T23:00Z), and some events fall where a UTC day would put them
// on another date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';

describe('team metrics', () => {
  let stack: ApiStack;
  let parisAgent: { token: string; id: string };
  let channelA: string;
  let channelB: string;
  let teamId: string;

  beforeAll(async () => {
    stack = await startApiStack();
    const db = stack.services.db;
    const channel = async (name: string) =>
      (await stack.request('POST', '/api/channels', { token: stack.adminToken, payload: { type: 'sandbox', name, config: { secret: 'metrics-secret' } } })).body.id as string;
    channelA = await channel('Metrics A');
    channelB = await channel('Metrics B');
    parisAgent = await stack.userToken('agent');
    teamId = (await stack.request('POST', '/api/teams', { token: stack.adminToken, payload: { name: 'Tier 1', memberIds: [parisAgent.id] } })).body.id;
    expect((await stack.request('PUT', '/api/me', { token: parisAgent.token, payload: { timeZone: 'Europe/Paris' } })).status).toBe(200);

    const user = { type: 'user', id: parisAgent.id, name: 'Agent' };
    const automation = { type: 'automation', id: 'a1', name: 'Greeting' };
    let k = 0;
    async function conversation(channelId: string, team: string | null, events: [string, string][], messages: [string, 'in' | 'out', object?, string?][]) {
      const key = `metrics-${++k}`;
      const [contact] = await db('contacts').insert({ channel_id: channelId, provider_id: key, name: key }).returning('id');
      const [convo] = await db('conversations').insert({
        channel_id: channelId, thread_key: key, workflow_id: `wf-${key}`, kind: 'private', status: 'done',
        contact_id: contact.id, team_id: team, last_message_at: messages[messages.length - 1][0],
      }).returning('id');
      for (const [at, direction, author, sendStatus] of messages) {
        await db('messages').insert({
          channel_id: channelId, conversation_id: convo.id, thread_key: key, kind: 'private', direction,
          author: author ?? (direction === 'in' ? { type: 'customer', id: key } : user), contact_provider_id: key,
          text: `${direction} at ${at}`, at, ...(direction === 'out' ? { send_status: sendStatus ?? 'sent' } : { provider_message_id: `${key}-${at}` }),
        });
      }
      for (const [type, at] of events) {
        await db('conversation_events').insert({ conversation_id: convo.id, type, actor: type === 'conversation.created' ? { type: 'customer' } : user, detail: {}, at });
      }
      return convo.id as string;
    }

    // c1, channel A, team: created, answered in 10 min, resolved after an hour, CSAT 4 — all on Oct 24.
    const c1 = await conversation(channelA, teamId,
      [['conversation.created', '2026-10-24T08:00:00Z'], ['conversation.resolved', '2026-10-24T09:00:00Z']],
      [['2026-10-24T08:00:00Z', 'in'], ['2026-10-24T08:10:00Z', 'out']]);
    // c2, channel A: created 23:30 Paris on Oct 25 (the long day), answered and resolved after midnight.
    const c2 = await conversation(channelA, null,
      [['conversation.created', '2026-10-25T22:30:00Z'], ['conversation.resolved', '2026-10-26T00:30:00Z']],
      [['2026-10-25T22:30:00Z', 'in'], ['2026-10-25T23:30:00Z', 'out']]);
    // c3, channel B, team: created 00:30 Paris on Oct 25 (still Oct 24 in UTC); an automated greeting
    // and a reply that failed to send are not responses; answered after 12 h, resolved; reopened by the
    // customer, answered in 20 min, resolved again.
    await conversation(channelB, teamId,
      [
        ['conversation.created', '2026-10-24T22:30:00Z'], ['conversation.resolved', '2026-10-25T11:00:00Z'],
        ['conversation.reopened', '2026-10-25T12:00:00Z'], ['conversation.resolved', '2026-10-25T13:00:00Z'],
      ],
      [
        ['2026-10-24T22:30:00Z', 'in'], ['2026-10-24T22:31:00Z', 'out', automation], ['2026-10-25T09:00:00Z', 'out', user, 'failed'],
        ['2026-10-25T10:00:00Z', 'in'], ['2026-10-25T10:30:00Z', 'out'],
        ['2026-10-25T12:00:00Z', 'in'], ['2026-10-25T12:20:00Z', 'out'],
      ]);
    // c4, channel A: dismissed without a reply — not a resolution.
    await conversation(channelA, null,
      [['conversation.created', '2026-10-25T09:00:00Z'], ['conversation.dismissed', '2026-10-25T09:05:00Z']],
      [['2026-10-25T09:00:00Z', 'in']]);
    // Outside the period: must count nowhere.
    await conversation(channelA, null,
      [['conversation.created', '2026-10-23T21:00:00Z'], ['conversation.resolved', '2026-10-27T09:00:00Z']],
      [['2026-10-23T21:00:00Z', 'in'], ['2026-10-27T08:00:00Z', 'out']]);

    const [survey] = await db('csat_surveys').insert({
      org_id: (await db('organisations').first('id')).id, channel_id: channelA, default_language: 'en', versions: JSON.stringify([]), timeout_seconds: 3600,
    }).returning('id');
    await db('csat_responses').insert([
      { conversation_id: c1, survey_id: survey.id, language: 'en', status: 'answered', score: 4, sent_at: '2026-10-24T09:00:00Z', answered_at: '2026-10-24T09:30:00Z' },
      { conversation_id: c2, survey_id: survey.id, language: 'en', status: 'answered', score: 2, sent_at: '2026-10-26T00:30:00Z', answered_at: '2026-10-26T01:00:00Z' },
      { conversation_id: c2, survey_id: survey.id, language: 'en', status: 'unanswered', sent_at: '2026-10-26T00:40:00Z' },
    ]);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const metrics = (query: string, token = parisAgent.token) => stack.request('GET', `/api/metrics?${query}`, { token });
  const none = { p50: null, p90: null };

  it('buckets by local day in the caller\'s zone, the day the clocks go back lasting 25 hours', async () => {
    const res = await metrics('from=2026-10-24&to=2026-10-26&interval=day');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ timeZone: 'Europe/Paris', interval: 'day', from: '2026-10-23T22:00:00.000Z', to: '2026-10-26T23:00:00.000Z' });
    expect(res.body.series).toEqual([
      {
        at: '2026-10-23T22:00:00.000Z', date: '2026-10-24',
        received: 1, created: 1, resolved: 1,
        firstResponseSeconds: { p50: 600, p90: 600 }, resolutionSeconds: { p50: 3600, p90: 3600 },
        csat: { responses: 1, average: 4 },
      },
      {
        at: '2026-10-24T22:00:00.000Z', date: '2026-10-25',
        received: 5, created: 3, resolved: 2,
        // Samples 1200 and 43200: p50 halfway, p90 = 1200 + 0.9 × 42000.
        firstResponseSeconds: { p50: 22200, p90: 39000 },
        // Samples 3600 and 45000: p90 = 3600 + 0.9 × 41400.
        resolutionSeconds: { p50: 24300, p90: 40860 },
        csat: { responses: 0, average: null },
      },
      {
        at: '2026-10-25T23:00:00.000Z', date: '2026-10-26',
        received: 0, created: 0, resolved: 1,
        firstResponseSeconds: { p50: 3600, p90: 3600 }, resolutionSeconds: { p50: 7200, p90: 7200 },
        csat: { responses: 1, average: 2 },
      },
    ]);
    expect(res.body.totals).toEqual({
      received: 6, created: 4, resolved: 4,
      // 600, 1200, 3600, 43200: p90 at rank 2.7 = 3600 + 0.7 × 39600.
      firstResponseSeconds: { p50: 2400, p90: 31320 },
      // 3600, 3600, 7200, 45000: p90 at rank 2.7 = 7200 + 0.7 × 37800.
      resolutionSeconds: { p50: 5400, p90: 33660 },
      csat: { responses: 2, average: 3 },
    });
  });

  it('puts the same events on UTC days for a caller without a time zone', async () => {
    const res = await metrics('from=2026-10-24&to=2026-10-25', stack.adminToken);
    expect(res.body.timeZone).toBe('UTC');
    expect(res.body.series.map((b: any) => [b.date, b.at, b.received, b.created])).toEqual([
      ['2026-10-24', '2026-10-24T00:00:00.000Z', 2, 2],
      ['2026-10-25', '2026-10-25T00:00:00.000Z', 4, 2],
    ]);
  });

  it("uses the organisation's time zone for a caller without one of their own", async () => {
    const agentOfOrg = await stack.userToken('agent');
    expect((await stack.request('PUT', '/api/settings/organisation', { token: agentOfOrg.token, payload: { timeZone: 'Europe/Paris' } })).status).toBe(403);
    const badZone = await stack.request('PUT', '/api/settings/organisation', { token: stack.adminToken, payload: { timeZone: 'Mars/Olympus' } });
    expect(badZone.status).toBe(400);
    expect(badZone.body.message).toMatch(/"Mars\/Olympus" is not an IANA time zone/);
    const set = await stack.request('PUT', '/api/settings/organisation', { token: stack.adminToken, payload: { timeZone: 'Europe/Paris' } });
    expect(set.status).toBe(200);
    expect(set.body.timeZone).toBe('Europe/Paris');
    expect((await stack.request('GET', '/api/settings/organisation', { token: agentOfOrg.token })).body.timeZone).toBe('Europe/Paris');
    try {
      const res = await metrics('from=2026-10-24&to=2026-10-26', agentOfOrg.token);
      expect(res.body.timeZone).toBe('Europe/Paris');
      expect(res.body.series.map((b: any) => [b.date, b.received])).toEqual([['2026-10-24', 1], ['2026-10-25', 5], ['2026-10-26', 0]]);
    } finally {
      await stack.request('PUT', '/api/settings/organisation', { token: stack.adminToken, payload: { timeZone: null } });
    }
  });

  it('sums weeks from Monday, and filters by channel and by team', async () => {
    const weeks = await metrics('from=2026-10-19&to=2026-11-01&interval=week');
    expect(weeks.body.series.map((b: any) => [b.date, b.received, b.created, b.resolved, b.csat.responses])).toEqual([
      // The daily figures plus the conversation of Oct 23 (its message and creation).
      ['2026-10-19', 7, 5, 3, 1],
      ['2026-10-26', 0, 0, 2, 1],
    ]);
    // The week of Oct 26 holds c2's resolution and the Oct 23 conversation's (Oct 27).
    expect(weeks.body.totals.resolved).toBe(5);

    const channelOnly = await metrics(`from=2026-10-24&to=2026-10-26&channelId=${channelB}`);
    expect(channelOnly.body.totals).toMatchObject({ received: 3, created: 1, resolved: 2, csat: { responses: 0, average: null } });
    expect(channelOnly.body.totals.firstResponseSeconds).toEqual({ p50: 22200, p90: 39000 });
    const teamOnly = await metrics(`from=2026-10-24&to=2026-10-26&teamId=${teamId}`);
    expect(teamOnly.body.totals).toMatchObject({ received: 4, created: 2, resolved: 3, csat: { responses: 1, average: 4 } });
    const nothing = await metrics(`from=2026-10-24&to=2026-10-26&channelId=${channelB}&teamId=00000000-0000-4000-8000-000000000000`);
    expect(nothing.body.totals).toEqual({
      received: 0, created: 0, resolved: 0, firstResponseSeconds: none, resolutionSeconds: none, csat: { responses: 0, average: null },
    });
    expect(nothing.body.series).toHaveLength(3);
  });

  it('refuses periods it cannot read, saying what to fix', async () => {
    const reversed = await metrics('from=2026-10-26&to=2026-10-24');
    expect(reversed.status).toBe(400);
    expect(reversed.body.message).toMatch(/from .* must be before to/);
    const garbage = await metrics('from=yesterday');
    expect(garbage.status).toBe(400);
    expect(garbage.body.message).toMatch(/from must be a date/);
    const long = await metrics('from=2020-01-01&to=2026-01-01');
    expect(long.status).toBe(400);
    expect(long.body.message).toMatch(/longer than 400 days/);
    expect((await metrics('interval=month')).status).toBe(400);
    // The default period: the last seven local days, today included.
    const recent = await metrics('');
    expect(recent.status).toBe(200);
    expect(recent.body.series).toHaveLength(7);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectiveStatus } from '../../engine/features/routing/presence.js';
import { requiredReasons, resolutionReasonProblem } from '../../engine/features/lifecycle-settings/resolution-reasons.js';
import { startApiStack, type ApiStack } from '../support/api-stack.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

// Paris office hours: a split shift on Monday, one stretch Tuesday to Friday, closed on Christmas.
const parisHours = {
  timeZone: 'Europe/Paris',
  weekly: [
    { day: 'mon', open: '09:00', close: '12:30' },
    { day: 'mon', open: '13:30', close: '17:30' },
    ...['tue', 'wed', 'thu', 'fri'].map((day) => ({ day, open: '09:00', close: '17:30' })),
  ],
  holidays: [{ date: '2026-12-25', name: 'Noël' }],
  outsideHours: { messageText: 'We are closed; we answer from 9:00.', routing: 'atOpening' },
};

describe('lifecycle settings API', () => {
  let stack: ApiStack;
  let agent: { token: string; id: string };
  let channelId: string;
  let otherChannelId: string;

  const admin = (method: string, url: string, payload?: unknown) => stack.request(method, url, { token: stack.adminToken, payload });
  const hoursUrl = () => `/api/channels/${channelId}/business-hours`;
  const statusAt = (at: string, token = stack.adminToken) => stack.request('GET', `${hoursUrl()}/status?at=${encodeURIComponent(at)}`, { token });

  async function sandboxChannel(name: string) {
    const res = await admin('POST', '/api/channels', { type: 'sandbox', name, config: { secret: 'some-secret' } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  beforeAll(async () => {
    stack = await startApiStack();
    agent = await stack.userToken('agent');
    channelId = await sandboxChannel('Web chat');
    otherChannelId = await sandboxChannel('Web chat 2');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  describe('business hours', () => {
    it('is always open without a document', async () => {
      expect((await admin('GET', hoursUrl())).status).toBe(404);
      const res = await statusAt('2026-11-28T03:00:00Z');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ open: true });
    });

    it('stores the whole document and answers it back', async () => {
      const put = await admin('PUT', hoursUrl(), parisHours);
      expect(put.status).toBe(200);
      expect(put.body).toEqual(parisHours);
      const get = await admin('GET', hoursUrl());
      expect(get.status).toBe(200);
      expect(get.body).toEqual(parisHours);
    });

    it('says open with the next closing on a Paris weekday inside hours', async () => {
      // Monday 23 November 2026, 11:00 in Paris (CET, UTC+1): open until the lunch break at 12:30.
      const res = await statusAt('2026-11-23T10:00:00Z');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ open: true, nextCloseAt: '2026-11-23T11:30:00.000Z' });
    });

    it('says closed with the next opening during the lunch break, in the evening and on the weekend', async () => {
      expect((await statusAt('2026-11-23T12:00:00Z')).body).toEqual({ open: false, nextOpenAt: '2026-11-23T12:30:00.000Z' });
      expect((await statusAt('2026-11-23T17:00:00Z')).body).toEqual({ open: false, nextOpenAt: '2026-11-24T08:00:00.000Z' });
      expect((await statusAt('2026-11-28T10:00:00Z')).body).toEqual({ open: false, nextOpenAt: '2026-11-30T08:00:00.000Z' });
    });

    it('opens at 09:00 summer time and skips a holiday', async () => {
      // Wednesday 1 July 2026, 08:00 in Paris (CEST, UTC+2).
      expect((await statusAt('2026-07-01T06:00:00Z')).body).toEqual({ open: false, nextOpenAt: '2026-07-01T07:00:00.000Z' });
      // Thursday 24 December, 18:00: Christmas (Friday) is a holiday, so Monday 28th opens next.
      expect((await statusAt('2026-12-24T17:00:00Z')).body).toEqual({ open: false, nextOpenAt: '2026-12-28T08:00:00.000Z' });
    });

    it('lets any signed-in user read the status, at now by default', async () => {
      const res = await stack.request('GET', `${hoursUrl()}/status`, { token: agent.token });
      expect(res.status).toBe(200);
      expect(typeof res.body.open).toBe('boolean');
      expect(res.body.open ? res.body.nextCloseAt : res.body.nextOpenAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    });

    it('refuses a bad `at` with a 400 naming it', async () => {
      const res = await statusAt('next tuesday');
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/"at" must be an ISO 8601 instant/);
    });

    async function refused(doc: unknown, pattern: RegExp) {
      const res = await admin('PUT', hoursUrl(), doc);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(pattern);
      // The stored document is unchanged.
      const get = await admin('GET', hoursUrl());
      expect(get.body).toEqual(parisHours);
    }

    it('refuses an unknown time zone', async () => {
      await refused({ ...parisHours, timeZone: 'Europe/Lyon' }, /timeZone: unknown time zone "Europe\/Lyon"/);
    });

    it('refuses overlapping intervals, naming both', async () => {
      const doc = { ...parisHours, weekly: [{ day: 'mon', open: '09:00', close: '12:00' }, { day: 'mon', open: '11:00', close: '14:00' }] };
      await refused(doc, /weekly\[0\] \(mon 09:00–12:00\) overlaps weekly\[1\] \(mon 11:00–14:00\)/);
    });

    it('refuses a past-midnight interval that overlaps the next day', async () => {
      const doc = { ...parisHours, weekly: [{ day: 'tue', open: '22:00', close: '02:00' }, { day: 'wed', open: '01:00', close: '05:00' }] };
      await refused(doc, /weekly\[0\] \(tue 22:00–02:00\) overlaps weekly\[1\] \(wed 01:00–05:00\)/);
    });

    it('takes close equal to open as 24 hours, not zero length: 00:00–00:00 every day is open round the clock', async () => {
      const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
      const roundTheClock = { ...parisHours, weekly: days.map((day) => ({ day, open: '00:00', close: '00:00' })), holidays: [] };
      try {
        const put = await admin('PUT', hoursUrl(), roundTheClock);
        expect(put.status).toBe(200);
        expect((await statusAt('2026-11-28T03:00:00Z')).body).toEqual({ open: true });
      } finally {
        expect((await admin('PUT', hoursUrl(), parisHours)).status).toBe(200);
      }
    });

    it('refuses a malformed time, naming the interval', async () => {
      await refused({ ...parisHours, weekly: [{ day: 'mon', open: '9h', close: '17:00' }] }, /weekly\[0\] \(mon 9h–17:00\)\.open: malformed time "9h"/);
      await refused({ ...parisHours, weekly: [{ day: 'mon', open: '09:00', close: '24:00' }] }, /weekly\[0\] \(mon 09:00–24:00\)\.close: malformed time/);
    });

    it('refuses a bad shape, a bad holiday and a bad routing', async () => {
      await refused({ ...parisHours, weekly: [{ day: 'monday', open: '09:00', close: '17:00' }] }, /"weekly\[0\]\.day" must be one of/);
      await refused({ ...parisHours, holidays: [{ date: '2026-02-30' }] }, /holidays\[0\]\.date: bad date "2026-02-30"/);
      await refused({ ...parisHours, outsideHours: { routing: 'later' } }, /"outsideHours\.routing" must be one of \[atOpening, immediately\]/);
      await refused({ timeZone: 'Europe/Paris', weekly: [] }, /"outsideHours" is required/);
      await refused({ ...parisHours, weekly: ['mon 9-5'] }, /"weekly\[0\]" must be of type object/);
    });

    it('accepts a past-midnight interval (close before open)', async () => {
      const other = `/api/channels/${otherChannelId}/business-hours`;
      const night = { timeZone: 'Europe/Paris', weekly: [{ day: 'fri', open: '22:00', close: '02:00' }], outsideHours: { routing: 'immediately' } };
      const put = await admin('PUT', other, night);
      expect(put.status).toBe(200);
      expect(put.body).toEqual({ ...night, holidays: [] });
      // Saturday 28 November, 01:30 in Paris: still open from Friday night.
      const status = await stack.request('GET', `${other}/status?at=2026-11-28T00:30:00Z`, { token: agent.token });
      expect(status.body).toEqual({ open: true, nextCloseAt: '2026-11-28T01:00:00.000Z' });
    });

    it('answers 404 for an unknown channel', async () => {
      const url = `/api/channels/${UNKNOWN_ID}/business-hours`;
      expect((await admin('PUT', url, parisHours)).status).toBe(404);
      expect((await admin('GET', url)).status).toBe(404);
      expect((await admin('GET', `${url}/status`)).status).toBe(404);
      expect((await admin('DELETE', url)).status).toBe(404);
    });

    it('is admin-only except the status', async () => {
      for (const [method, payload] of [['PUT', parisHours], ['GET', undefined], ['DELETE', undefined]] as const) {
        const res = await stack.request(method, hoursUrl(), { token: agent.token, payload });
        expect(res.status).toBe(403);
        expect(res.body.message).toMatch(/admin role/);
      }
      expect((await admin('GET', hoursUrl())).body).toEqual(parisHours);
    });

    it('deletes the document: always open again', async () => {
      const url = `/api/channels/${otherChannelId}/business-hours`;
      expect((await admin('DELETE', url)).body).toEqual({ deleted: true });
      expect((await admin('GET', url)).status).toBe(404);
      expect((await admin('GET', `${url}/status?at=2026-11-28T10:00:00Z`)).body).toEqual({ open: true });
      expect((await admin('DELETE', url)).status).toBe(404);
    });
  });

  describe('resolution reasons', () => {
    let answered: { id: string; name: string };
    let spam: { id: string; name: string };

    it('creates and lists reasons', async () => {
      const a = await admin('POST', '/api/resolution-reasons', { name: 'Answered', channelTypes: ['whatsapp', 'x'], kinds: ['private'] });
      expect(a.status).toBe(201);
      expect(a.body).toEqual({ id: expect.any(String), name: 'Answered', channelTypes: ['whatsapp', 'x'], kinds: ['private'] });
      answered = a.body;
      const s = await admin('POST', '/api/resolution-reasons', { name: 'Spam', channelTypes: ['whatsapp'], kinds: ['private', 'public'] });
      expect(s.status).toBe(201);
      spam = s.body;
      const list = await stack.request('GET', '/api/resolution-reasons', { token: agent.token });
      expect(list.status).toBe(200);
      expect(list.body.map((r: { name: string }) => r.name)).toEqual(['Answered', 'Spam']);
    });

    it('makes reasons mandatory exactly where at least one applies', async () => {
      const { db } = stack.services;
      expect(await requiredReasons(db, 'x', 'public')).toEqual([]);
      expect((await requiredReasons(db, 'x', 'private')).map((r) => r.name)).toEqual(['Answered']);
      expect((await requiredReasons(db, 'whatsapp', 'private')).map((r) => r.name)).toEqual(['Answered', 'Spam']);
      expect((await requiredReasons(db, 'whatsapp', 'public')).map((r) => r.name)).toEqual(['Spam']);
      expect(await requiredReasons(db, 'sandbox', 'private')).toEqual([]);

      expect(await resolutionReasonProblem(db, 'x', 'public', undefined)).toBeUndefined();
      expect(await resolutionReasonProblem(db, 'x', 'private', answered.id)).toBeUndefined();
      const missing = await resolutionReasonProblem(db, 'x', 'private', undefined);
      expect(missing).toContain(`${answered.id} (Answered)`);
      const foreign = await resolutionReasonProblem(db, 'x', 'private', spam.id);
      expect(foreign).toMatch(/does not apply/);
    });

    it('validates reasons with messages that say what to fix', async () => {
      const badType = await admin('POST', '/api/resolution-reasons', { name: 'Fax', channelTypes: ['fax'], kinds: ['private'] });
      expect(badType.status).toBe(400);
      expect(badType.body.message).toMatch(/channelTypes\[0\]" must be one of \[sandbox, messenger/);
      const badKind = await admin('POST', '/api/resolution-reasons', { name: 'Odd', channelTypes: ['x'], kinds: ['secret'] });
      expect(badKind.status).toBe(400);
      expect(badKind.body.message).toMatch(/kinds\[0\]" must be one of \[private, public\]/);
      const noKinds = await admin('POST', '/api/resolution-reasons', { name: 'Odd', channelTypes: ['x'], kinds: [] });
      expect(noKinds.status).toBe(400);
      expect(noKinds.body.message).toMatch(/"kinds" must contain at least 1 items/);
      const dup = await admin('POST', '/api/resolution-reasons', { name: 'Answered', channelTypes: ['x'], kinds: ['public'] });
      expect(dup.status).toBe(409);
      expect(dup.body.message).toMatch(/"Answered" already exists/);
      const forbidden = await stack.request('POST', '/api/resolution-reasons', { token: agent.token, payload: { name: 'Mine', channelTypes: ['x'], kinds: ['public'] } });
      expect(forbidden.status).toBe(403);
    });

    describe('settings', () => {
      it('auto-resolve: off by default, set per queue, null turns one off, omitted keeps it', async () => {
        expect((await admin('GET', '/api/settings/auto-resolve')).body).toEqual({ new: null, pending: null });
        const one = await admin('PUT', '/api/settings/auto-resolve', { new: { afterSeconds: 86_400 } });
        expect(one.status).toBe(200);
        expect(one.body).toEqual({ new: { afterSeconds: 86_400 }, pending: null });
        await admin('PUT', '/api/settings/auto-resolve', { pending: { afterSeconds: 3600, reasonId: answered.id } });
        expect((await admin('GET', '/api/settings/auto-resolve')).body).toEqual({
          new: { afterSeconds: 86_400 },
          pending: { afterSeconds: 3600, reasonId: answered.id },
        });
        await admin('PUT', '/api/settings/auto-resolve', { new: null });
        expect((await admin('GET', '/api/settings/auto-resolve')).body).toEqual({ new: null, pending: { afterSeconds: 3600, reasonId: answered.id } });
      });

      it('auto-resolve: refuses an unknown reason, a bad delay and an empty body, keeping the setting', async () => {
        const before = (await admin('GET', '/api/settings/auto-resolve')).body;
        const unknown = await admin('PUT', '/api/settings/auto-resolve', { new: { afterSeconds: 60, reasonId: UNKNOWN_ID } });
        expect(unknown.status).toBe(400);
        expect(unknown.body.message).toMatch(/new\.reasonId ".*" is not a resolution reason/);
        const zero = await admin('PUT', '/api/settings/auto-resolve', { pending: { afterSeconds: 0 } });
        expect(zero.status).toBe(400);
        expect(zero.body.message).toMatch(/"pending\.afterSeconds" must be greater than or equal to 1/);
        const notObject = await admin('PUT', '/api/settings/auto-resolve', { new: 5 });
        expect(notObject.status).toBe(400);
        expect(notObject.body.message).toMatch(/"new" must be of type object/);
        const empty = await admin('PUT', '/api/settings/auto-resolve', {});
        expect(empty.status).toBe(400);
        expect(empty.body.message).toMatch(/give "new" and\/or "pending"/);
        expect((await admin('GET', '/api/settings/auto-resolve')).body).toEqual(before);
      });

      it('unassign: round trip and validation', async () => {
        expect((await admin('GET', '/api/settings/unassign')).body).toEqual({ enabled: false, offlineAfterSeconds: 120 });
        const put = await admin('PUT', '/api/settings/unassign', { enabled: true, offlineAfterSeconds: 300 });
        expect(put.status).toBe(200);
        expect((await admin('GET', '/api/settings/unassign')).body).toEqual({ enabled: true, offlineAfterSeconds: 300 });
        const bad = await admin('PUT', '/api/settings/unassign', { enabled: true });
        expect(bad.status).toBe(400);
        expect(bad.body.message).toMatch(/"offlineAfterSeconds" is required/);
      });

      it('pending-after-reply: round trip and validation', async () => {
        expect((await admin('GET', '/api/settings/pending-after-reply')).body).toEqual({ enabled: false });
        expect((await admin('PUT', '/api/settings/pending-after-reply', { enabled: true })).body).toEqual({ enabled: true });
        expect((await admin('GET', '/api/settings/pending-after-reply')).body).toEqual({ enabled: true });
        const bad = await admin('PUT', '/api/settings/pending-after-reply', { enabled: 'sometimes' });
        expect(bad.status).toBe(400);
        expect(bad.body.message).toMatch(/"enabled" must be a boolean/);
      });

      it('is admin-only', async () => {
        for (const key of ['auto-resolve', 'unassign', 'pending-after-reply']) {
          expect((await stack.request('GET', `/api/settings/${key}`, { token: agent.token })).status).toBe(403);
          expect((await stack.request('PUT', `/api/settings/${key}`, { token: agent.token, payload: { enabled: false } })).status).toBe(403);
        }
      });
    });
  });

  describe('presence', () => {
    it('sets a status and beats the heart; admins see everyone', async () => {
      const first = await stack.request('PUT', '/api/me/presence', { token: agent.token, payload: { status: 'online' } });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ userId: agent.id, status: 'online' });
      await new Promise((r) => setTimeout(r, 20));
      const beat = await stack.request('PUT', '/api/me/presence', { token: agent.token, payload: { status: 'online' } });
      expect(Date.parse(beat.body.lastSeenAt)).toBeGreaterThan(Date.parse(first.body.lastSeenAt));
      expect(beat.body.statusSince).toBe(first.body.statusSince);

      const away = await stack.request('PUT', '/api/me/presence', { token: agent.token, payload: { status: 'away' } });
      expect(away.body.status).toBe('away');

      const list = await admin('GET', '/api/presence');
      expect(list.status).toBe(200);
      const mine = list.body.find((p: { userId: string }) => p.userId === agent.id);
      expect(mine).toMatchObject({ status: 'away', effectiveStatus: 'away', role: 'agent', lastSeenAt: away.body.lastSeenAt });
      const adminRow = list.body.find((p: { role: string }) => p.role === 'admin');
      expect(adminRow.status).toBe('offline');
      expect(adminRow.lastSeenAt).toBeUndefined();
    });

    it('counts an agent without a heartbeat for offlineAfterSeconds as offline', () => {
      const lastSeenAt = '2026-11-23T10:00:00.000Z';
      expect(effectiveStatus({ status: 'online', lastSeenAt }, new Date('2026-11-23T10:01:59Z'), 120)).toBe('online');
      expect(effectiveStatus({ status: 'online', lastSeenAt }, new Date('2026-11-23T10:02:00Z'), 120)).toBe('offline');
      expect(effectiveStatus({ status: 'away', lastSeenAt }, new Date('2026-11-23T10:00:30Z'), 120)).toBe('away');
      expect(effectiveStatus({ status: 'online' }, new Date('2026-11-23T10:00:30Z'), 120)).toBe('offline');
    });

    it('refuses an unknown status and keeps the list for admins', async () => {
      const bad = await stack.request('PUT', '/api/me/presence', { token: agent.token, payload: { status: 'busy' } });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/"status" must be one of \[online, away, offline\]/);
      expect((await stack.request('GET', '/api/presence', { token: agent.token })).status).toBe(403);
      expect((await stack.request('PUT', '/api/me/presence', { payload: { status: 'online' } })).status).toBe(401);
    });
  });

  describe('CSAT surveys', () => {
    const survey = () => ({
      channelId,
      defaultLanguage: 'fr',
      versions: [
        { language: 'fr', question: 'Êtes-vous satisfait ? (1–5)', thanks: 'Merci !' },
        { language: 'en', question: 'Are you satisfied? (1–5)', thanks: 'Thank you!' },
      ],
      timeoutSeconds: 86_400,
    });

    it('creates and lists a survey', async () => {
      const res = await admin('POST', '/api/csat-surveys', survey());
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), ...survey() });
      const list = await admin('GET', '/api/csat-surveys');
      expect(list.body).toEqual([res.body]);
    });

    it('refuses a default language without a version, an unknown channel, twin languages and a second survey', async () => {
      const noDefault = await admin('POST', '/api/csat-surveys', { ...survey(), channelId: otherChannelId, defaultLanguage: 'de' });
      expect(noDefault.status).toBe(400);
      expect(noDefault.body.message).toMatch(/defaultLanguage "de" has no version: use one of fr, en/);
      const noChannel = await admin('POST', '/api/csat-surveys', { ...survey(), channelId: UNKNOWN_ID });
      expect(noChannel.status).toBe(400);
      expect(noChannel.body.message).toMatch(/channelId ".*" is not a channel/);
      const twins = await admin('POST', '/api/csat-surveys', { ...survey(), channelId: otherChannelId, versions: [survey().versions[0], survey().versions[0]] });
      expect(twins.status).toBe(400);
      expect(twins.body.message).toMatch(/two versions in the same language/);
      const noQuestion = await admin('POST', '/api/csat-surveys', { ...survey(), channelId: otherChannelId, versions: [{ language: 'fr', thanks: 'Merci' }] });
      expect(noQuestion.status).toBe(400);
      expect(noQuestion.body.message).toMatch(/"versions\[0\]\.question" is required/);
      const second = await admin('POST', '/api/csat-surveys', survey());
      expect(second.status).toBe(409);
      expect((await admin('GET', '/api/csat-surveys')).body).toHaveLength(1);
    });

    it('is admin-only', async () => {
      expect((await stack.request('POST', '/api/csat-surveys', { token: agent.token, payload: survey() })).status).toBe(403);
      expect((await stack.request('GET', '/api/csat-surveys', { token: agent.token })).status).toBe(403);
    });

    it('deletes a survey', async () => {
      const [existing] = (await admin('GET', '/api/csat-surveys')).body;
      expect((await admin('DELETE', `/api/csat-surveys/${existing.id}`)).body).toEqual({ deleted: true });
      expect((await admin('GET', '/api/csat-surveys')).body).toEqual([]);
      expect((await admin('DELETE', `/api/csat-surveys/${existing.id}`)).status).toBe(404);
    });
  });

  it('documents every settings route in /openapi.json', async () => {
    const res = await stack.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const paths = Object.keys(res.body.paths);
    for (const p of [
      '/api/channels/{id}/business-hours',
      '/api/channels/{id}/business-hours/status',
      '/api/settings/auto-resolve',
      '/api/settings/unassign',
      '/api/settings/pending-after-reply',
      '/api/resolution-reasons',
      '/api/me/presence',
      '/api/presence',
      '/api/csat-surveys',
    ]) expect(paths).toContain(p);
  });
});

// Business hours in the conversation workflow, on a time-skipping server of its own: these tests
// skip hours ahead, and the out-of-hours message and routing at opening are checked at the exact
// instants the channel's schedule gives.
import { describe, expect, it } from 'vitest';
import { validateBusinessHours, status as hoursStatus, type BusinessHoursSchedule } from '../../rules/business-hours/index.js';
import type { LifecycleSettings } from '../../workflows/activities.js';
import {
  customerMessage,
  deliver,
  eventually,
  known,
  NO_SETTINGS,
  newRef,
  now,
  sleepUntil,
  stateOf,
  stubActivities,
  useTimeSkippingEnv,
  withWorker,
} from '../support/workflow-harness.js';

useTimeSkippingEnv();

const SECOND = 1000;
const alice = { id: 'user-alice' };
const iso = (ms: number) => new Date(ms).toISOString();

function settings(overrides: Partial<LifecycleSettings>): () => LifecycleSettings {
  return () => ({ ...NO_SETTINGS, ...overrides });
}

/** Hours that are closed now and open one to two hours from now (every day, UTC). */
function closedNowSchedule(nowMs: number, routing: 'atOpening' | 'immediately', messageText?: string): BusinessHoursSchedule {
  const hour = new Date(nowMs).getUTCHours();
  const hh = (h: number) => String(h % 24).padStart(2, '0');
  const doc = {
    timeZone: 'UTC',
    weekly: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({ day, open: `${hh(hour + 2)}:00`, close: `${hh(hour + 3)}:00` })),
    holidays: [],
    outsideHours: { routing, ...(messageText ? { messageText } : {}) },
  };
  const checked = validateBusinessHours(doc);
  if (!checked.schedule) throw new Error(JSON.stringify(checked.errors));
  return checked.schedule;
}

describe('business hours', () => {
  it('sends the out-of-hours message once per closed period and routes when the channel opens', async () => {
    const start = await now();
    const schedule = closedNowSchedule(start, 'atOpening', 'We are closed; we answer from 9.');
    const opensAt = hoursStatus(schedule, new Date(start)).nextOpenAt!.getTime();
    const stub = stubActivities({
      settings: settings({ businessHours: schedule }),
      route: () => ({ outcome: 'assigned', userId: alice.id, skillSetId: 'skill-billing' }),
    });
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const handle = await deliver(tq, ref, [customerMessage(await now())]);
      await known(handle);
      await eventually(async () => stub.calls.recordAutomated.length, (n) => n === 1, 'the out-of-hours message');
      expect(stub.calls.recordAutomated[0]).toMatchObject({ text: 'We are closed; we answer from 9.', actor: { type: 'system' } });
      expect(stub.calls.sendOutbound).toEqual([{ outboundId: stub.calls.recordAutomated[0]!.outboundId }]);

      await deliver(tq, ref, [customerMessage(await now())]);
      await eventually(async () => stub.calls.linkInbound.length, (n) => n === 2, 'the second message');
      expect((await stateOf(handle))!.routeAt).toBe(iso(opensAt));

      await sleepUntil(opensAt - SECOND);
      expect(stub.calls.routeConversation).toEqual([]);
      await sleepUntil(opensAt + SECOND);
      const state = await eventually(() => stateOf(handle), (s) => s!.status === 'assigned', 'routing at opening');
      expect(state!.assignee).toEqual({ userId: alice.id });
      expect(stub.calls.routeConversation.map((c) => c.at)).toEqual([iso(opensAt)]);
      // Still one message for that closed period.
      expect(stub.calls.recordAutomated).toHaveLength(1);

      // The next closed period gets its own message.
      const closesAt = hoursStatus(schedule, new Date(opensAt)).nextCloseAt!.getTime();
      await sleepUntil(closesAt + SECOND);
      await deliver(tq, ref, [customerMessage(await now())]);
      await eventually(async () => stub.calls.recordAutomated.length, (n) => n === 2, 'the next period message');
    });
  });

  it('routes at once outside hours when the admin chose "immediately"', async () => {
    const schedule = closedNowSchedule(await now(), 'immediately');
    const stub = stubActivities({
      settings: settings({ businessHours: schedule }),
      route: () => ({ outcome: 'assigned', userId: alice.id, skillSetId: 'skill-billing' }),
    });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      const state = await eventually(() => stateOf(handle), (s) => s?.status === 'assigned', 'routing');
      expect(state!.routeAt).toBeUndefined();
      expect(stub.calls.recordAutomated).toEqual([]);
    });
  });
});


// Every timer of the conversation lifecycle on the time-skipping server: each test skips to one
// second before the instant the timer is due, checks that nothing happened, then skips past it and
// checks that it happened, recorded at the exact instant.
import { describe, expect, it } from 'vitest';
import type { LifecycleSettings } from '../../workflows/activities.js';
import {
  assignUpdate,
  pendingUpdate,
  replyUpdate,
  resolveUpdate,
  settingsChangedSignal,
  type Actor,
  type WindowPolicy,
} from '../../workflows/shared.js';
import {
  customerMessage,
  deliver,
  eventually,
  known,
  NO_SETTINGS,
  newRef,
  now,
  refusal,
  sleepUntil,
  stateOf,
  stubActivities,
  useTimeSkippingEnv,
  withWorker,
} from '../support/workflow-harness.js';

useTimeSkippingEnv();

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;
const alice: Actor = { type: 'user', id: 'user-alice', name: 'Alice' };
const messenger: WindowPolicy = { standardWindowSeconds: 86_400, humanAgentWindowSeconds: 7 * 86_400 };
const whatsapp: WindowPolicy = { standardWindowSeconds: 86_400 };
const iso = (ms: number) => new Date(ms).toISOString();

function settings(overrides: Partial<LifecycleSettings>): () => LifecycleSettings {
  return () => ({ ...NO_SETTINGS, ...overrides });
}

describe('reply window', () => {
  it('Messenger: 7 days for a human agent after the customer last wrote, renewed by a new message', async () => {
    const stub = stubActivities({ policy: messenger });
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const handle = await deliver(tq, ref, [customerMessage(await now())]);
      await known(handle);
      await sleepUntil((await now()) + 5 * DAY);
      const second = customerMessage(await now());
      await deliver(tq, ref, [second]);
      await eventually(() => stateOf(handle), (s) => s!.lastCustomerMessageAt === second.at, 'the second message');
      const closesAt = Date.parse(second.at) + 7 * DAY;

      await sleepUntil(closesAt - SECOND);
      await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Still in time.' }] });
      await sleepUntil(closesAt + SECOND);
      const refused = await refusal(handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Too late.' }] }));
      expect(refused.message).toContain(`closed at ${iso(closesAt)}`);
      expect(refused.message).toContain('7 days after the customer');
    });
  });

  it('WhatsApp: 24 hours, for agents and automations alike', async () => {
    const stub = stubActivities({ policy: whatsapp });
    await withWorker(stub, async (tq) => {
      const first = customerMessage(await now());
      const handle = await deliver(tq, newRef(), [first]);
      await known(handle);
      const closesAt = Date.parse(first.at) + DAY;
      await sleepUntil(closesAt - SECOND);
      await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Just in time.' }] });
      await sleepUntil(closesAt + SECOND);
      const refused = await refusal(handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Late.' }] }));
      expect(refused.message).toContain(`The 24-hour standard reply window closed at ${iso(closesAt)}`);
    });
  });
});

describe('auto-resolve', () => {
  it('resolves a New conversation after the set time without activity, with its reason, not a second early', async () => {
    const stub = stubActivities({ settings: settings({ autoResolve: { new: { afterSeconds: 3600, reasonId: 'reason-stale' } } }) });
    await withWorker(stub, async (tq) => {
      const first = customerMessage(await now());
      const handle = await deliver(tq, newRef(), [first]);
      await known(handle);
      const due = Date.parse(first.at) + HOUR;

      await sleepUntil(due - SECOND);
      expect((await stateOf(handle))!.status).toBe('unassigned');
      await sleepUntil(due + SECOND);
      const state = await eventually(() => stateOf(handle), (s) => s!.status === 'done', 'the auto-resolve');
      expect(state).toMatchObject({ status: 'done', doneBy: 'resolved' });
      expect(stub.timedEvents()).toEqual([
        {
          type: 'conversation.resolved',
          actor: { type: 'system' },
          detail: { reasonId: 'reason-stale', auto: 'new', afterSeconds: 3600 },
          at: iso(due),
        },
      ]);
    });
  });

  it('counts from the latest activity: a new customer message restarts the wait', async () => {
    const stub = stubActivities({ settings: settings({ autoResolve: { new: { afterSeconds: 3600 } } }) });
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const handle = await deliver(tq, ref, [customerMessage(await now())]);
      await known(handle);
      await sleepUntil((await now()) + 30 * 60 * SECOND);
      const second = customerMessage(await now());
      await deliver(tq, ref, [second]);
      await eventually(() => stateOf(handle), (s) => s!.lastActivityAt === second.at, 'the second message');
      const due = Date.parse(second.at) + HOUR;
      await sleepUntil(due - SECOND);
      expect((await stateOf(handle))!.status).toBe('unassigned');
      await sleepUntil(due + SECOND);
      await eventually(() => stateOf(handle), (s) => s!.status === 'done', 'the auto-resolve');
      expect(stub.timedEvents().map((e) => e.at)).toEqual([iso(due)]);
    });
  });

  it('keeps one timer through many wakes that move the deadline later, and still resolves at the exact instant', async () => {
    const stub = stubActivities({ settings: settings({ autoResolve: { new: { afterSeconds: 3600 } } }) });
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const handle = await deliver(tq, ref, [customerMessage(await now())]);
      await known(handle);
      let last = customerMessage(await now());
      for (let i = 0; i < 12; i++) {
        await sleepUntil((await now()) + 60 * SECOND);
        last = customerMessage(await now());
        await deliver(tq, ref, [last]);
        await eventually(() => stateOf(handle), (s) => s!.lastActivityAt === last.at, 'the message');
      }
      const due = Date.parse(last.at) + HOUR;
      await sleepUntil(due - SECOND);
      expect((await stateOf(handle))!.status).toBe('unassigned');
      await sleepUntil(due + SECOND);
      await eventually(() => stateOf(handle), (s) => s!.status === 'done', 'the auto-resolve');
      expect(stub.timedEvents().map((e) => e.at)).toEqual([iso(due)]);
      // 13 wakes moved the deadline later: the first timer was kept (it fired early, once) and
      // none was cancelled; re-arming on every wake would have started 13 and cancelled 12.
      const events = (await handle.fetchHistory()).events ?? [];
      expect(events.filter((e) => e.timerCanceledEventAttributes)).toHaveLength(0);
      expect(events.filter((e) => e.timerStartedEventAttributes).length).toBeLessThanOrEqual(3);
    });
  });

  it('resolves a Pending conversation after its own delay, counted from when it became pending', async () => {
    const stub = stubActivities({ settings: settings({ autoResolve: { pending: { afterSeconds: 2 * 86_400, reasonId: 'reason-silent' } } }) });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      await known(handle);
      await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Could you send the order number?' }] });
      await handle.executeUpdate(pendingUpdate, { args: [{ actor: alice }] });
      const pendingAt = Date.parse(stub.timedEvents().at(-1)!.at!);
      const due = pendingAt + 2 * DAY;

      await sleepUntil(due - SECOND);
      expect((await stateOf(handle))!.status).toBe('pending');
      await sleepUntil(due + SECOND);
      await eventually(() => stateOf(handle), (s) => s!.status === 'done', 'the auto-resolve');
      expect(stub.timedEvents().at(-1)).toEqual({
        type: 'conversation.resolved',
        actor: { type: 'system' },
        detail: { reasonId: 'reason-silent', auto: 'pending', afterSeconds: 172_800 },
        at: iso(due),
      });
    });
  });

  it('applies a changed preference to a running conversation without restarting it', async () => {
    let current: LifecycleSettings = NO_SETTINGS;
    const stub = stubActivities({ settings: () => current });
    await withWorker(stub, async (tq) => {
      const first = customerMessage(await now());
      const handle = await deliver(tq, newRef(), [first]);
      await known(handle);
      const { runId } = await handle.describe();
      await sleepUntil(Date.parse(first.at) + 30 * 60 * SECOND);
      current = { ...NO_SETTINGS, autoResolve: { new: { afterSeconds: 3600 } } };
      await handle.signal(settingsChangedSignal);

      const due = Date.parse(first.at) + HOUR;
      await sleepUntil(due - SECOND);
      expect((await stateOf(handle))!.status).toBe('unassigned');
      await sleepUntil(due + SECOND);
      await eventually(() => stateOf(handle), (s) => s!.status === 'done', 'the auto-resolve');
      expect(stub.timedEvents().map((e) => e.at)).toEqual([iso(due)]);
      expect((await handle.describe()).runId).toBe(runId);
    });
  });
});

describe('pending after reply', () => {
  it('moves the conversation to Pending after an agent reply when the admin enabled it', async () => {
    const stub = stubActivities({ settings: settings({ pendingAfterReply: true }) });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      await known(handle);
      const state = await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Done on our side.' }] });
      expect(state).toMatchObject({ status: 'pending', assignee: { userId: alice.id } });
      expect(stub.events().map((e) => e.type)).toEqual(['message.sent', 'conversation.assigned', 'conversation.pending']);
    });
  });
});

describe('presence', () => {
  it('unassigns a conversation whose assignee has been offline for 2 minutes when the customer writes', async () => {
    const offlineSince = await now();
    const stub = stubActivities({
      settings: settings({ unassign: { enabled: true, offlineAfterSeconds: 120 } }),
      presence: () => ({ status: 'offline', since: iso(offlineSince) }),
    });
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const handle = await deliver(tq, ref, [customerMessage(await now())]);
      await known(handle);
      await handle.executeUpdate(assignUpdate, { args: [{ actor: alice, userId: alice.id }] });
      await sleepUntil(offlineSince + 30 * SECOND);
      await deliver(tq, ref, [customerMessage(await now())]);
      const due = offlineSince + 120 * SECOND;
      await eventually(() => stateOf(handle), (s) => s!.unassignCheck?.at === iso(due), 'the offline check');

      await sleepUntil(due - SECOND);
      expect((await stateOf(handle))!.assignee).toEqual({ userId: alice.id });
      await sleepUntil(due + SECOND);
      const state = await eventually(() => stateOf(handle), (s) => s!.status === 'unassigned', 'the unassign');
      expect(state!.assignee).toEqual({});
      expect(stub.timedEvents().at(-1)).toMatchObject({
        type: 'conversation.unassigned',
        detail: { reason: 'assignee offline', userId: alice.id },
        at: iso(due),
      });
    });
  });

  it('keeps the conversation with an assignee who came back online before the 2 minutes ran out', async () => {
    const offlineSince = await now();
    let online = false;
    const stub = stubActivities({
      settings: settings({ unassign: { enabled: true, offlineAfterSeconds: 120 } }),
      presence: () => (online ? { status: 'online', since: iso(offlineSince + 60 * SECOND) } : { status: 'away', since: iso(offlineSince) }),
    });
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const handle = await deliver(tq, ref, [customerMessage(await now())]);
      await known(handle);
      await handle.executeUpdate(assignUpdate, { args: [{ actor: alice, userId: alice.id }] });
      await deliver(tq, ref, [customerMessage(await now())]);
      await eventually(() => stateOf(handle), (s) => s!.unassignCheck !== undefined, 'the offline check');
      online = true;
      await sleepUntil(offlineSince + 121 * SECOND);
      await eventually(() => stateOf(handle), (s) => s!.unassignCheck === undefined, 'the check to run');
      expect((await stateOf(handle))!).toMatchObject({ status: 'assigned', assignee: { userId: alice.id } });
    });
  });
});

describe('CSAT', () => {
  const csat = settings({ csat: { surveyId: 'survey-1', timeoutSeconds: 86_400 } });

  it('sends the survey on resolve and records it unanswered after the timeout, not a second early', async () => {
    const stub = stubActivities({ settings: csat, policy: messenger });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      await known(handle);
      await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Refund sent.' }] });
      await handle.executeUpdate(resolveUpdate, { args: [{ actor: alice }] });
      const state = await eventually(() => stateOf(handle), (s) => s!.csat !== undefined, 'the survey');
      expect(stub.calls.recordSurvey).toHaveLength(1);
      expect(stub.calls.sendOutbound.at(-1)).toEqual({ outboundId: stub.calls.recordSurvey[0]!.outboundId });
      const due = Date.parse(stub.calls.recordSurvey[0]!.at) + DAY;
      expect(state!.csat!.expiresAt).toBe(iso(due));

      await sleepUntil(due - SECOND);
      expect(stub.calls.closeSurvey).toEqual([]);
      await sleepUntil(due + SECOND);
      await eventually(async () => stub.calls.closeSurvey.length, (n) => n === 1, 'the timeout');
      expect(stub.calls.closeSurvey[0]).toEqual({ responseId: 'response-1', at: iso(due) });
      expect((await stateOf(handle))!.csat).toBeUndefined();
    });
  });

  it('takes an answer without reopening; any other message reopens as usual', async () => {
    const answers = new Set<string>();
    const stub = stubActivities({
      settings: csat,
      answer: (ids) => (ids.some((id) => answers.has(id)) ? { answered: true, score: 4 } : { answered: false }),
    });
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const handle = await deliver(tq, ref, [customerMessage(await now())]);
      await known(handle);
      await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Fixed.' }] });
      await handle.executeUpdate(resolveUpdate, { args: [{ actor: alice }] });
      await eventually(() => stateOf(handle), (s) => s!.csat !== undefined, 'the survey');
      const answer = customerMessage(await now());
      answers.add(answer.messageId);
      await deliver(tq, ref, [answer]);
      await eventually(async () => stub.calls.answerSurvey.length, (n) => n === 1, 'the answer');
      const afterAnswer = await eventually(() => stateOf(handle), (s) => s!.csat === undefined, 'the survey to close');
      expect(afterAnswer!.status).toBe('done');
      expect(stub.calls.sendOutbound.at(-1)).toEqual({ outboundId: stub.calls.answerSurvey[0]!.thanksOutboundId });

      // A second resolution, then a message that is not an answer.
      await handle.executeUpdate(assignUpdate, { args: [{ actor: alice, userId: alice.id }] }).catch(() => undefined);
      const other = customerMessage(await now());
      await deliver(tq, ref, [other]);
      await eventually(() => stateOf(handle), (s) => s!.status === 'unassigned', 'the reopening');
    });
  });
});

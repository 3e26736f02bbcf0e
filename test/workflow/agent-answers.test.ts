// What an agent waits for: a reply is recorded, sent and marked sent in one workflow task
// (workflows/proxies.ts, agentSend), with no trip through Temporal's activity queue, recorded and
// sent by one local activity (workflows/handlers.ts, reply); an action's
// follow-ups (automations on it, the survey) start in the task after the one that answers it.
// Histories recorded before either change still replay.
import { readFileSync } from 'node:fs';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { assignUpdate, replyUpdate, type Actor } from '../../workflows/shared.js';
import { bundle, customerMessage, deliver, eventually, known, newRef, now, stubActivities, useTimeSkippingEnv, withWorker } from '../support/workflow-harness.js';

useTimeSkippingEnv();
const alice: Actor = { type: 'user', id: 'user-alice', name: 'Alice' };
const { EventType } = proto.temporal.api.enums.v1;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

/** The local activities completed in these events (each leaves a marker). */
const localActivityMarkers = (events: HistoryEvent[]) => events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;

describe('an agent’s reply', () => {
  it('is recorded, sent and marked sent in the workflow task that accepted it', async () => {
    const stub = stubActivities();
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      await known(handle);
      const state = await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'On it.' }] });
      expect(state.repliedSinceOpen).toBe(true);
      expect(stub.calls.sendOutbound).toEqual([{ outboundId: stub.calls.recordOutbound[0]!.outboundId }]);
      expect(stub.events().map((e) => e.type)).toContain('message.sent');

      const events = (await handle.fetchHistory()).events ?? [];
      const accepted = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
      const completed = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
      const between = events.slice(accepted, completed).map((e) => e.eventType);
      expect(between).not.toContain(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
      expect(between).not.toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    });
  });

  it('is recorded and sent by one local activity, then its transitions are written', async () => {
    const stub = stubActivities();
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      await known(handle);
      const transitionsBefore = stub.calls.applyTransition.length;
      await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'On it.' }] });
      const transitions = stub.calls.applyTransition.length - transitionsBefore;
      expect(transitions).toBeGreaterThan(0);

      const events = (await handle.fetchHistory()).events ?? [];
      const accepted = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
      const completed = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
      expect(localActivityMarkers(events.slice(accepted, completed))).toBe(1 + transitions);
    });
  });

  it('replays a history recorded while the reply was recorded and sent by two local activities', async () => {
    const bytes = readFileSync(new URL('../fixtures/workflows/histories/legacy-reply-record-then-send.bin', import.meta.url));
    const history = proto.temporal.api.history.v1.History.decode(bytes);
    expect(localActivityMarkers(history.events ?? [])).toBeGreaterThan(0);
    await Worker.runReplayHistory({ workflowBundle: bundle() }, history);
  });

  it('replays a history recorded while the send was an ordinary activity', async () => {
    const bytes = readFileSync(new URL('../fixtures/workflows/histories/legacy-reply-send-activity.bin', import.meta.url));
    const history = proto.temporal.api.history.v1.History.decode(bytes);
    expect(history.events?.some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendOutbound')).toBe(true);
    await Worker.runReplayHistory({ workflowBundle: bundle() }, history);
  });
});

describe('an agent’s assignment', () => {
  it('is answered by the workflow task that carries it out, before its automations are evaluated', async () => {
    const stub = stubActivities();
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      await known(handle);
      await handle.executeUpdate(assignUpdate, { args: [{ actor: alice, userId: alice.id }] });
      await eventually(async () => stub.calls.evaluateAutomations.filter((c) => c.triggers.includes('conversation.assigned')).length, (n) => n === 1, 'the evaluation of the assignment');

      const split = (events: HistoryEvent[]) => {
        const completed = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
        const started = events.findIndex((e, i) => i > completed && e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
        const nextTask = started < 0 ? events.length : started;
        // the evaluation's local activity leaves a marker: none in the task that answered the agent
        return { answering: localActivityMarkers(events.slice(completed, nextTask)), after: localActivityMarkers(events.slice(nextTask)) };
      };
      // the stub sees the evaluation when it starts; its marker is written when its task completes
      const { answering, after } = await eventually(async () => split((await handle.fetchHistory()).events ?? []), (s) => s.after > 0, 'the evaluation\'s marker');
      expect(answering).toBe(0);
      expect(after).toBeGreaterThan(0);
    });
  });
});

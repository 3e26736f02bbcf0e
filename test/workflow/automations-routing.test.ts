// Automations and routing as the workflow carries them out (their evaluation is stubbed: the
// activities answer what the published rules would), and the replay of a history recorded while
// the published version changed.
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import type { EvaluateInput, EvaluateResult } from '../../workflows/activities.js';
import { agentAvailableSignal, assignUpdate, replyUpdate, resolveUpdate, type Actor } from '../../workflows/shared.js';
import {
  bundle,
  customerMessage,
  deliver,
  eventually,
  known,
  newRef,
  now,
  stateOf,
  stubActivities,
  useTimeSkippingEnv,
  withWorker,
} from '../support/workflow-harness.js';

useTimeSkippingEnv(); // its hooks start and end the environment
const alice: Actor = { type: 'user', id: 'user-alice', name: 'Alice' };

/** Published automation "VIP": on a new or reopened thread, assign to the VIP team. */
function vipAutomation(version = 3) {
  return (input: EvaluateInput): EvaluateResult => ({
    generation: String(version),
    hasSkillSets: true,
    fired:
      input.triggers.includes('conversation.created') || input.triggers.includes('conversation.reopened')
        ? [{ id: 'auto-vip', name: 'VIP', version, lifecycle: [{ type: 'assignTeam', teamId: 'team-vip' }] }]
        : [],
  });
}

describe('automations in the workflow', () => {
  it('evaluates each customer message with its triggers and carries out lifecycle actions as the automation', async () => {
    const stub = stubActivities({ evaluate: vipAutomation() });
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const first = customerMessage(await now());
      const handle = await deliver(tq, ref, [first]);
      const state = await eventually(() => stateOf(handle), (s) => s?.status === 'assigned', 'the automation');
      expect(state!.assignee).toEqual({ teamId: 'team-vip' });
      expect(stub.calls.evaluateAutomations[0]).toMatchObject({
        triggers: ['message.received', 'conversation.created'],
        messageId: first.messageId,
      });
      expect(stub.events()).toEqual([
        {
          type: 'conversation.assigned',
          actor: { type: 'automation', id: 'auto-vip', name: 'VIP', version: 3 },
          detail: { teamId: 'team-vip' },
        },
      ]);
      // Routing is not asked for: the automation assigned it.
      expect(stub.calls.routeConversation).toEqual([]);

      await deliver(tq, ref, [customerMessage(await now())]);
      await eventually(async () => stub.calls.evaluateAutomations.length, (n) => n === 2, 'the second evaluation');
      expect(stub.calls.evaluateAutomations[1]!.triggers).toEqual(['message.received']);
    });
  });

  it('evaluates each of several messages handed over together on its own, in one activity, the first with the creation', async () => {
    const stub = stubActivities({ evaluate: () => ({ generation: '1', fired: [], hasSkillSets: false }) });
    await withWorker(stub, async (tq) => {
      const at = await now();
      const messages = [customerMessage(at), customerMessage(at + 1), customerMessage(at + 2)];
      const handle = await deliver(tq, newRef(), messages);
      await eventually(() => stateOf(handle), (s) => s?.status === 'unassigned', 'the conversation');
      await eventually(async () => stub.calls.evaluateAutomations.length, (n) => n >= 1, 'the evaluation');
      expect(stub.calls.evaluateAutomations).toHaveLength(1);
      expect(stub.calls.evaluateAutomations[0]!.messages).toEqual([
        { messageId: messages[0]!.messageId, triggers: ['message.received', 'conversation.created'] },
        { messageId: messages[1]!.messageId, triggers: ['message.received'] },
        { messageId: messages[2]!.messageId, triggers: ['message.received'] },
      ]);
    });
  });

  it('changes nothing twice when the relay retries a signal it had already delivered', async () => {
    const stub = stubActivities({ evaluate: () => ({ generation: '1', fired: [], hasSkillSets: false }) });
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const first = customerMessage(await now());
      const handle = await deliver(tq, ref, [first]);
      await eventually(async () => stub.calls.evaluateAutomations.length, (n) => n === 1, 'the first evaluation');
      await deliver(tq, ref, [first]); // the relay died before deleting the row, and signalled again
      const second = customerMessage((await now()) + 1);
      await deliver(tq, ref, [first, second]);
      await eventually(async () => stub.calls.evaluateAutomations.length, (n) => n === 2, 'the second evaluation');
      await eventually(() => stateOf(handle), (s) => s?.lastActivityAt === second.at, 'the second message');
      expect(stub.calls.linkInbound.map((c) => c.items.map((i) => i.messageId))).toEqual([[first.messageId], [second.messageId]]);
      expect(stub.calls.evaluateAutomations.map((c) => c.messageId)).toEqual([first.messageId, second.messageId]);
    });
  });

  it('evaluates agent assign and resolve once each, and a reopening with its trigger; automated actions trigger nothing', async () => {
    const stub = stubActivities({ evaluate: vipAutomation() });
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const handle = await deliver(tq, ref, [customerMessage(await now())]);
      await eventually(() => stateOf(handle), (s) => s?.status === 'assigned', 'the automation');
      await handle.executeUpdate(assignUpdate, { args: [{ actor: alice, userId: alice.id }] });
      await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Hi' }] });
      await handle.executeUpdate(resolveUpdate, { args: [{ actor: alice }] });
      await eventually(async () => stub.calls.evaluateAutomations.length, (n) => n === 3, 'the resolve evaluation');
      expect(stub.calls.evaluateAutomations.map((c) => c.triggers)).toEqual([
        ['message.received', 'conversation.created'],
        ['conversation.assigned'],
        ['conversation.resolved'],
      ]);
      await deliver(tq, ref, [customerMessage(await now())]);
      const reopened = await eventually(() => stateOf(handle), (s) => s?.assignee.teamId === 'team-vip' && s.status === 'assigned', 'reopen then VIP');
      expect(reopened).toBeTruthy();
      expect(stub.calls.evaluateAutomations.at(-1)!.triggers).toEqual(['message.received', 'conversation.reopened']);
      expect(stub.calls.evaluateAutomations).toHaveLength(4);
    });
  });

  it('resolves by automation without a prior reply, and sends a saved reply within the standard window', async () => {
    const stub = stubActivities({
      policy: { standardWindowSeconds: 86_400 },
      evaluate: () => ({
        generation: '1',
        hasSkillSets: false,
        fired: [{ id: 'auto-spam', name: 'Spam', version: 1, lifecycle: [{ type: 'sendSavedReply', savedReplyId: 'r-1' }, { type: 'resolve', reasonId: 'spam' }] }],
      }),
    });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      const state = await eventually(() => stateOf(handle), (s) => s?.status === 'done', 'the automated resolve');
      expect(state!.doneBy).toBe('resolved');
      expect(stub.calls.recordAutomated).toEqual([expect.objectContaining({ savedReplyId: 'r-1', actor: { type: 'automation', id: 'auto-spam', name: 'Spam', version: 1 } })]);
      expect(stub.calls.sendOutbound).toEqual([{ outboundId: stub.calls.recordAutomated[0]!.outboundId }]);
      expect(stub.events().at(-1)).toMatchObject({ type: 'conversation.resolved', detail: { reasonId: 'spam' } });
    });
  });
});

describe('routing in the workflow', () => {
  it('routes a new thread nobody assigned', async () => {
    const stub = stubActivities({ route: () => ({ outcome: 'assigned', userId: 'user-bob', teamId: 'team-nl', skillSetId: 'skill-nl' }) });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      const state = await eventually(() => stateOf(handle), (s) => s?.status === 'assigned', 'routing');
      expect(state!.assignee).toEqual({ userId: 'user-bob', teamId: 'team-nl' });
      expect(stub.calls.routeConversation).toHaveLength(1);
    });
  });

  it('waits in the team queue when nobody can take it, and tries again when an agent becomes available', async () => {
    let available = false;
    const stub = stubActivities({
      route: (input) =>
        available && input.retry
          ? { outcome: 'assigned', userId: 'user-carl', teamId: 'team-night', skillSetId: 'skill-night' }
          : { outcome: 'waiting', teamId: 'team-night', skillSetId: 'skill-night' },
    });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      const waiting = await eventually(() => stateOf(handle), (s) => s?.routingWaiting === true, 'waiting');
      expect(waiting).toMatchObject({ status: 'assigned', assignee: { teamId: 'team-night' } });
      available = true;
      await handle.signal(agentAvailableSignal);
      const state = await eventually(() => stateOf(handle), (s) => s?.assignee.userId === 'user-carl', 'the retry');
      expect(state!.routingWaiting).toBeUndefined();
      expect(stub.calls.routeConversation.map((c) => c.retry ?? false)).toEqual([false, true]);
    });
  });
});

describe('publishing while a conversation runs', () => {
  it('replays a history whose evaluations saw two published versions without nondeterminism', async () => {
    let version = 1;
    const stub = stubActivities({ evaluate: (input) => vipAutomation(version)(input) });
    let history: Parameters<typeof Worker.runReplayHistory>[1] | undefined;
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const handle = await deliver(tq, ref, [customerMessage(await now())]);
      await known(handle);
      await eventually(() => stateOf(handle), (s) => s?.status === 'assigned', 'version 1');
      version = 2; // an admin publishes: the next evaluation sees version 2
      await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Done.' }] });
      await handle.executeUpdate(resolveUpdate, { args: [{ actor: alice }] });
      await deliver(tq, ref, [customerMessage(await now())]);
      await eventually(
        async () => stub.events().filter((e) => e.type === 'conversation.assigned').length,
        (n) => n === 2,
        'the reopened thread assigned by version 2',
      );
      history = await handle.fetchHistory();
      const fired = stub.events().filter((e) => e.type === 'conversation.assigned').map((e) => (e.actor as { version?: number }).version);
      expect(fired).toEqual([1, 2]);
    });
    // The replay uses the recorded answers, whatever is published now.
    version = 99;
    await Worker.runReplayHistory({ workflowBundle: bundle() }, history!);
  });
});

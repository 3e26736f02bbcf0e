// The conversation workflow when the relay linked the messages before signalling (architecture.md,
// "The hot path"): the facts come with the signal, so a message that changes nothing in the
// lifecycle runs no activity; a message is evaluated only when a published automation could fire
// on it, and a message the relay evaluated only has its lifecycle actions carried out; a signal the
// relay sends again changes nothing twice; and histories recorded before this
// path (linking by activity) replay unchanged. Activities are stubbed and count their calls.
import { readFileSync } from 'node:fs';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import type { EvaluateResult } from '../../workflows/activities.js';
import type { ConversationRef, InboundItem, LinkedFacts } from '../../workflows/shared.js';
import {
  activityCalls,
  bundle,
  customerMessage,
  deliverLinked,
  eventually,
  NO_SETTINGS,
  newRef,
  now,
  stateOf,
  stubActivities,
  useTimeSkippingEnv,
  withWorker,
} from '../support/workflow-harness.js';

useTimeSkippingEnv();

function facts(conversationId: string, over: Partial<LinkedFacts> = {}): LinkedFacts {
  return {
    conversationId,
    created: false,
    kind: 'private',
    status: 'unassigned',
    assignee: {},
    policy: {},
    rules: { automations: true, skillSets: false, scripts: false },
    generation: '1',
    ...over,
  };
}

const created = (conversationId: string) => facts(conversationId, { created: true, settings: NO_SETTINGS });
const hint = (item: InboundItem, evaluate: boolean): InboundItem => ({ ...item, evaluate });
const noFiring = (): EvaluateResult => ({ generation: '1', fired: [], hasSkillSets: false });

describe('messages linked by the relay', () => {
  it('opens a new thread and takes a later message that changes nothing without any activity', async () => {
    const stub = stubActivities({ evaluate: noFiring });
    await withWorker(stub, async (tq) => {
      const ref: ConversationRef = newRef();
      const first = hint(customerMessage(await now()), false);
      const handle = await deliverLinked(tq, ref, [first], created('conv-1'));
      const opened = await eventually(() => stateOf(handle), (s) => s?.lastActivityAt === first.at, 'the first message');
      expect(opened).toMatchObject({ conversationId: 'conv-1', status: 'unassigned', assignee: {} });

      const second = hint(customerMessage((await now()) + 1000), false);
      await deliverLinked(tq, ref, [second], facts('conv-1'));
      const after = await eventually(() => stateOf(handle), (s) => s?.lastActivityAt === second.at, 'the second message');
      expect(after).toMatchObject({ status: 'unassigned', lastCustomerMessageAt: second.at });
      expect(activityCalls(stub)).toBe(0);
    });
  });

  it('evaluates each message an automation could fire on, on its own, and skips the others', async () => {
    const stub = stubActivities({ evaluate: noFiring });
    await withWorker(stub, async (tq) => {
      const at = await now();
      const [a, b, c] = [hint(customerMessage(at), true), hint(customerMessage(at + 1), false), hint(customerMessage(at + 2), true)];
      await deliverLinked(tq, newRef(), [a!, b!, c!], created('conv-2'));
      await eventually(async () => stub.calls.evaluateAutomations.length, (n) => n === 1, 'the evaluation');
      expect(stub.calls.evaluateAutomations[0]!.messages).toEqual([
        { messageId: a!.messageId, triggers: ['message.received', 'conversation.created'] },
        { messageId: c!.messageId, triggers: ['message.received'] },
      ]);
      expect(stub.calls.linkInbound).toEqual([]);
      expect(stub.calls.lifecycleSettings).toEqual([]);
    });
  });

  it('changes nothing twice when the relay signals the same messages again (killed between its commit and the signal)', async () => {
    const stub = stubActivities({ evaluate: () => ({ ...noFiring(), hasSkillSets: true }), route: () => ({ outcome: 'noMatch' }) });
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const first = hint(customerMessage(await now()), true);
      const withRouting = (f: LinkedFacts): LinkedFacts => ({ ...f, rules: { automations: true, skillSets: true, scripts: false } });
      const handle = await deliverLinked(tq, ref, [first], withRouting(created('conv-3')));
      await eventually(async () => stub.calls.routeConversation.length, (n) => n === 1, 'routing of the new thread');
      // the relay linked again (nothing changed) and says the thread is new, as it did before
      await deliverLinked(tq, ref, [first], withRouting(created('conv-3')));
      const second = hint(customerMessage((await now()) + 1000), true);
      // handed over again with a newer message (its rows were not deleted): still new, says the relay
      await deliverLinked(tq, ref, [first, second], withRouting(created('conv-3')));
      await eventually(() => stateOf(handle), (s) => s?.lastActivityAt === second.at, 'the second message');
      await eventually(async () => stub.calls.evaluateAutomations.length, (n) => n === 2, 'the second evaluation');
      expect(stub.calls.evaluateAutomations.map((e) => [e.messageId, e.triggers])).toEqual([
        [first.messageId, ['message.received', 'conversation.created']],
        [second.messageId, ['message.received']],
      ]);
      expect(stub.calls.routeConversation).toHaveLength(1);
      expect(stub.calls.applyTransition).toEqual([]);
    });
  });

  it('carries out what fired on messages the relay evaluated, without an evaluation of its own, and evaluates the others', async () => {
    const stub = stubActivities({ evaluate: noFiring });
    await withWorker(stub, async (tq) => {
      const at = await now();
      const vip = { id: 'auto-vip', name: 'VIP', version: 2, lifecycle: [{ type: 'assignTeam' as const, teamId: 'team-vip' }] };
      const first = customerMessage(at);
      const a: InboundItem = { ...first, evaluated: [{ ...vip, messageId: first.messageId }] };
      const b: InboundItem = { ...customerMessage(at + 1), evaluated: [] };
      const ref = newRef();
      const handle = await deliverLinked(tq, ref, [a, b], created('conv-6'));
      const state = await eventually(() => stateOf(handle), (s) => s?.assignee.teamId === 'team-vip', 'the automation’s assignment');
      expect(state!.lastCustomerMessageAt).toBe(b.at);
      expect(stub.events()).toEqual([
        { type: 'conversation.assigned', actor: { type: 'automation', id: 'auto-vip', name: 'VIP', version: 2 }, detail: { teamId: 'team-vip' } },
      ]);
      expect(stub.calls.evaluateAutomations).toEqual([]);

      // a later message the relay left to the workflow (the published set read the status) is evaluated here
      const c = hint(customerMessage(at + 2), true);
      await deliverLinked(tq, ref, [c], facts('conv-6'));
      await eventually(async () => stub.calls.evaluateAutomations.length, (n) => n === 1, 'the workflow’s evaluation');
      expect(stub.calls.evaluateAutomations[0]).toMatchObject({ messageId: c.messageId, triggers: ['message.received'] });
    });
  });

  it('reopens a Done conversation from the facts of the signal: one transition, no linking activity', async () => {
    const stub = stubActivities({ existing: { conversationId: 'conv-4', status: 'done', assignee: {} } });
    await withWorker(stub, async (tq) => {
      const message = hint(customerMessage(await now()), false);
      const handle = await deliverLinked(tq, newRef(), [message], facts('conv-4', { status: 'done', rules: { automations: false, skillSets: false, scripts: false } }));
      await eventually(() => stateOf(handle), (s) => s?.status === 'unassigned', 'the reopening');
      expect(stub.events()).toEqual([{ type: 'conversation.reopened', actor: { type: 'customer' } }]);
      expect(stub.calls.linkInbound).toEqual([]);
      // a fresh run of a conversation that existed: its settings were not in the signal
      expect(stub.calls.lifecycleSettings).toHaveLength(1);
    });
  });
});

describe('replaying histories across the change', () => {
  it('replays a history recorded while messages were linked by activity', async () => {
    const bytes = readFileSync(new URL('../fixtures/workflows/histories/legacy-link-activity.bin', import.meta.url));
    const history = proto.temporal.api.history.v1.History.decode(bytes);
    expect(history.events?.length).toBeGreaterThan(10);
    await Worker.runReplayHistory({ workflowBundle: bundle() }, history);
  });

  it('replays a history of messages linked by the relay', async () => {
    const stub = stubActivities({ evaluate: noFiring });
    let history: Parameters<typeof Worker.runReplayHistory>[1] | undefined;
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const first = hint(customerMessage(await now()), true);
      const handle = await deliverLinked(tq, ref, [first], created('conv-5'));
      await eventually(async () => stub.calls.evaluateAutomations.length, (n) => n === 1, 'the evaluation');
      const second = hint(customerMessage((await now()) + 1000), false);
      await deliverLinked(tq, ref, [second], facts('conv-5'));
      await eventually(() => stateOf(handle), (s) => s?.lastActivityAt === second.at, 'the second message');
      history = await handle.fetchHistory();
    });
    await Worker.runReplayHistory({ workflowBundle: bundle() }, history!);
  });
});

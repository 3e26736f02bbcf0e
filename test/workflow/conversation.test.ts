// The conversation workflow on the time-skipping test server, with its activities stubbed by an
// in-memory "database" that records every call (test/support/workflow-harness.ts).
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { conversationWorkflow } from '../../workflows/conversation.js';
import {
  conversationWorkflowId,
  inboundSignal,
  type Assignee,
  type ConversationSnapshot,
  type InboundItem,
  type InboundSignal,
  ILLEGAL_TRANSITION,
  SEND_FAILED,
  UNKNOWN_CONVERSATION,
  assignUpdate,
  dismissUpdate,
  reopenUpdate,
  replyUpdate,
  resolveUpdate,
  type Actor,
  type WindowPolicy,
} from '../../workflows/shared.js';
import {
  customerMessage,
  deliver,
  echo,
  known,
  newRef,
  now,
  refusal,
  settled,
  startFromSnapshot,
  stateOf,
  stubActivities,
  useTimeSkippingEnv,
  withWorker,
  eventually,
} from '../support/workflow-harness.js';

const DAY = 24 * 60 * 60 * 1000;
const alice: Actor = { type: 'user', id: 'user-alice', name: 'Alice' };
const bob: Actor = { type: 'user', id: 'user-bob', name: 'Bob' };
const messenger: WindowPolicy = { standardWindowSeconds: 24 * 60 * 60, humanAgentWindowSeconds: 7 * 24 * 60 * 60 };

const temporal = useTimeSkippingEnv();

// ---- tests -------------------------------------------------------------------------------------

describe('conversation workflow', () => {
  it('lands a new thread in Unassigned after linking its first message', async () => {
    const stub = stubActivities({ policy: messenger });
    await withWorker(stub, async (tq) => {
      const first = customerMessage(await now());
      const ref = newRef();
      const handle = await deliver(tq, ref, [first]);
      const state = await known(handle);
      expect(state).toMatchObject({
        status: 'unassigned',
        assignee: {},
        repliedSinceOpen: false,
        lastCustomerMessageAt: first.at,
        policy: messenger,
      });
      expect(stub.calls.linkInbound).toEqual([{ ref, items: [first], withSettings: true }]);
      // linkInbound writes conversation.created; the workflow writes nothing more for a new thread.
      expect(stub.calls.applyTransition).toEqual([]);
    });
  });

  it('links messages that queued up meanwhile in one call', async () => {
    const stub = stubActivities();
    const ref = newRef();
    const t = await now();
    const [a, b, c] = [customerMessage(t), customerMessage(t + 1000), customerMessage(t + 2000)];
    await withWorker(
      stub,
      async (tq) => {
        const handle = temporal.env().client.workflow.getHandle<typeof conversationWorkflow>(conversationWorkflowId(ref));
        const state = await known(handle);
        expect(stub.calls.linkInbound).toHaveLength(1);
        expect(stub.calls.linkInbound[0]!.items).toEqual([a, b, c]);
        expect(state.lastCustomerMessageAt).toBe(c.at);

        // A later message is linked with the known conversation id.
        const d = customerMessage(t + 3000);
        await deliver(tq, ref, [d]);
        await eventually(async () => stub.calls.linkInbound.length, (n) => n === 2, 'the second link');
        expect(stub.calls.linkInbound[1]).toEqual({ ref, conversationId: state.conversationId, items: [d] });
      },
      // Delivered while no worker polls: the first workflow task sees all three signals.
      async (tq) => {
        await deliver(tq, ref, [a]);
        await deliver(tq, ref, [b]);
        await deliver(tq, ref, [c, a]); // a repeated delivery of `a`
      },
    );
  });

  it('holds agent actions that arrive before the first link until the state is known, then checks them', async () => {
    const stub = stubActivities();
    const ref = newRef();
    let assigned!: Promise<ConversationSnapshot>;
    let reopened!: Promise<unknown>;
    await withWorker(
      stub,
      async () => {
        expect(await assigned).toMatchObject({ status: 'assigned', assignee: { userId: bob.id } });
        // Nothing was known when the validator ran; the handler refused once it was.
        const failure = await refusal(reopened);
        expect(failure.type).toBe(ILLEGAL_TRANSITION);
        expect(failure.message).toMatch(/not done/);
        // Both updates passed their validators (state unknown) and were accepted into history.
        const history = await temporal.env().client.workflow.getHandle(conversationWorkflowId(ref)).fetchHistory();
        const accepted = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
        expect(accepted).toHaveLength(2);
        expect(stub.calls.linkInbound).toHaveLength(1);
        expect(stub.events()).toEqual([
          { type: 'conversation.assigned', actor: alice, detail: { userId: bob.id } },
        ]);
      },
      // Sent while no worker polls: the first workflow task holds the signal and both updates.
      async (tq) => {
        const handle = await deliver(tq, ref, [customerMessage(await now())]);
        assigned = handle.executeUpdate(assignUpdate, { args: [{ actor: alice, userId: bob.id }] });
        reopened = handle.executeUpdate(reopenUpdate, { args: [{ actor: alice }] });
        reopened.catch(() => undefined);
        await new Promise((r) => setTimeout(r, 500));
      },
    );
  });

  it('assigns, replies, resolves, reopens and dismisses, writing an audit event for each', async () => {
    const stub = stubActivities({ policy: messenger });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      const { conversationId } = await known(handle);

      const assigned = await handle.executeUpdate(assignUpdate, {
        args: [{ actor: alice, teamId: 'team-billing', note: 'refund question' }],
      });
      expect(assigned).toMatchObject({ status: 'assigned', assignee: { teamId: 'team-billing' } });

      const replied = await handle.executeUpdate(replyUpdate, { args: [{ actor: bob, text: 'Hello! Let me check.' }] });
      expect(replied).toMatchObject({ status: 'assigned', assignee: { teamId: 'team-billing' }, repliedSinceOpen: true });
      const [recorded] = stub.calls.recordOutbound;
      expect(recorded).toMatchObject({ conversationId, text: 'Hello! Let me check.', actor: bob });
      expect(stub.calls.sendOutbound).toEqual([{ outboundId: recorded!.outboundId }]);

      const resolved = await handle.executeUpdate(resolveUpdate, { args: [{ actor: bob, reasonId: 'answered' }] });
      expect(resolved).toMatchObject({ status: 'done', doneBy: 'resolved', assignee: { teamId: 'team-billing' } });

      const reopened = await handle.executeUpdate(reopenUpdate, { args: [{ actor: alice }] });
      expect(reopened).toMatchObject({ status: 'unassigned', assignee: {}, repliedSinceOpen: false });
      expect(reopened.doneBy).toBeUndefined();

      const dismissed = await handle.executeUpdate(dismissUpdate, { args: [{ actor: alice }] });
      expect(dismissed).toMatchObject({ status: 'done', doneBy: 'dismissed' });
      expect(await stateOf(handle)).toEqual(dismissed);

      expect(stub.transitions()).toEqual([
        {
          conversationId,
          status: 'assigned',
          assignee: { teamId: 'team-billing' },
          event: { type: 'conversation.assigned', actor: alice, detail: { teamId: 'team-billing', note: 'refund question' } },
        },
        {
          conversationId,
          status: 'assigned',
          assignee: { teamId: 'team-billing' },
          event: { type: 'message.sent', actor: bob, detail: { outboundId: recorded!.outboundId } },
        },
        {
          conversationId,
          status: 'done',
          assignee: { teamId: 'team-billing' },
          event: { type: 'conversation.resolved', actor: bob, detail: { reasonId: 'answered' } },
        },
        { conversationId, status: 'unassigned', assignee: {}, event: { type: 'conversation.reopened', actor: alice } },
        { conversationId, status: 'done', assignee: {}, event: { type: 'conversation.dismissed', actor: alice } },
      ]);
    });
  });

  it('assigns an unassigned conversation to the agent who replies', async () => {
    const stub = stubActivities();
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      await known(handle);
      const state = await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'On it.' }] });
      expect(state).toMatchObject({ status: 'assigned', assignee: { userId: alice.id }, repliedSinceOpen: true });
      const outboundId = stub.calls.recordOutbound[0]!.outboundId;
      expect(stub.events()).toEqual([
        { type: 'message.sent', actor: alice, detail: { outboundId } },
        { type: 'conversation.assigned', actor: alice, detail: { userId: alice.id, auto: true } },
      ]);
      expect(stub.calls.applyTransition.at(-1)).toMatchObject({ status: 'assigned', assignee: { userId: alice.id } });
    });
  });

  describe('refuses illegal transitions and leaves the state unchanged', () => {
    it('refuses to assign, resolve, dismiss or reply to a Done conversation', async () => {
      const stub = stubActivities();
      await withWorker(stub, async (tq) => {
        const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
        await known(handle);
        const done = await handle.executeUpdate(dismissUpdate, { args: [{ actor: alice }] });
        const eventsBefore = stub.events().length;

        const assign = await refusal(handle.executeUpdate(assignUpdate, { args: [{ actor: alice, userId: bob.id }] }));
        expect(assign.type).toBe(ILLEGAL_TRANSITION);
        expect(assign.message).toMatch(/done: reopen it first/);

        const resolve = await refusal(handle.executeUpdate(resolveUpdate, { args: [{ actor: alice }] }));
        expect(resolve.type).toBe(ILLEGAL_TRANSITION);
        expect(resolve.message).toMatch(/already done/);

        const dismiss = await refusal(handle.executeUpdate(dismissUpdate, { args: [{ actor: alice }] }));
        expect(dismiss.type).toBe(ILLEGAL_TRANSITION);
        expect(dismiss.message).toMatch(/already done/);

        const reply = await refusal(handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Hi' }] }));
        expect(reply.type).toBe(ILLEGAL_TRANSITION);
        expect(reply.message).toMatch(/done: reopen it first/);

        expect(await stateOf(handle)).toEqual(done);
        expect(stub.events()).toHaveLength(eventsBefore);
        expect(stub.calls.recordOutbound).toEqual([]);
      });
    });

    it('refuses to resolve when nobody has replied since the conversation opened', async () => {
      const stub = stubActivities();
      await withWorker(stub, async (tq) => {
        const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
        const before = await known(handle);
        const failure = await refusal(handle.executeUpdate(resolveUpdate, { args: [{ actor: alice }] }));
        expect(failure.type).toBe(ILLEGAL_TRANSITION);
        expect(failure.message).toBe('Nobody has replied yet: reply first, or dismiss it.');
        expect(await stateOf(handle)).toEqual(before);
        expect(stub.events()).toEqual([]);
      });
    });

    it('refuses to reopen a conversation that is not done', async () => {
      const stub = stubActivities();
      await withWorker(stub, async (tq) => {
        const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
        const before = await known(handle);
        const failure = await refusal(handle.executeUpdate(reopenUpdate, { args: [{ actor: alice }] }));
        expect(failure.type).toBe(ILLEGAL_TRANSITION);
        expect(failure.message).toMatch(/not done \(it is unassigned\)/);
        expect(await stateOf(handle)).toEqual(before);
        expect(stub.events()).toEqual([]);
      });
    });

    it('refuses an empty reply and an assignment to nobody', async () => {
      const stub = stubActivities();
      await withWorker(stub, async (tq) => {
        const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
        const before = await known(handle);
        const empty = await refusal(handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: '   ' }] }));
        expect(empty.type).toBe(ILLEGAL_TRANSITION);
        expect(empty.message).toMatch(/empty/);
        const nobody = await refusal(handle.executeUpdate(assignUpdate, { args: [{ actor: alice }] }));
        expect(nobody.type).toBe(ILLEGAL_TRANSITION);
        expect(nobody.message).toMatch(/user or a team/);
        expect(await stateOf(handle)).toEqual(before);
        expect(stub.calls.recordOutbound).toEqual([]);
        expect(stub.events()).toEqual([]);
      });
    });
  });

  describe('reply window', () => {
    it('accepts a human agent reply on day 6 after the customer last wrote', async () => {
      const stub = stubActivities({ policy: messenger });
      await withWorker(stub, async (tq) => {
        const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
        await known(handle);
        await temporal.env().sleep(6 * DAY);
        const state = await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Sorry for the wait.' }] });
        expect(state.repliedSinceOpen).toBe(true);
        expect(stub.calls.sendOutbound).toHaveLength(1);
      });
    });

    it('refuses a reply once the 7-day human-agent window has closed, saying when and why', async () => {
      const stub = stubActivities({ policy: messenger });
      await withWorker(stub, async (tq) => {
        const ref = newRef();
        const handle = await deliver(tq, ref, [customerMessage(await now())]);
        const before = await known(handle);
        await temporal.env().sleep(7 * DAY + 60_000);
        const failure = await refusal(handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Still there?' }] }));
        expect(failure.type).toBe(ILLEGAL_TRANSITION);
        const closedAt = new Date(Date.parse(before.lastCustomerMessageAt!) + 7 * DAY).toISOString();
        expect(failure.message).toContain(
          `7-day human-agent reply window closed at ${closedAt} (7 days after the customer's last message)`,
        );
        expect(await stateOf(handle)).toEqual(before);
        expect(stub.calls.recordOutbound).toEqual([]);

        // A new customer message opens the window again.
        await deliver(tq, ref, [customerMessage(await now())]);
        await eventually(() => stateOf(handle), (s) => s!.lastCustomerMessageAt !== before.lastCustomerMessageAt, 'the new message');
        const state = await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Welcome back.' }] });
        expect(state.repliedSinceOpen).toBe(true);
      });
    });
  });

  it('fails a reply the channel refuses for good, leaving the state unchanged', async () => {
    const stub = stubActivities({
      send: async () => {
        throw ApplicationFailure.create({ type: 'PermanentSendError', message: 'the recipient blocked the page' });
      },
    });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      const before = await known(handle);
      const failure = await refusal(handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Hello' }] }));
      expect(failure.type).toBe(SEND_FAILED);
      expect(failure.message).toContain('the recipient blocked the page');
      const outboundId = stub.calls.recordOutbound[0]!.outboundId;
      expect(failure.details).toEqual([{ outboundId, reason: 'the recipient blocked the page' }]);
      expect(stub.calls.sendOutbound).toHaveLength(1); // not retried: the error type is non-retryable
      expect(await stateOf(handle)).toEqual(before);
      expect(stub.events()).toEqual([]);
    });
  });

  it('fails a reply to a conversation that no longer exists as such, not as a refusal of the channel', async () => {
    const stub = stubActivities({
      record: async ({ conversationId }) => {
        throw ApplicationFailure.nonRetryable(`conversation ${conversationId} does not exist`, UNKNOWN_CONVERSATION);
      },
    });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      const before = await known(handle);
      const failure = await refusal(handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Hello' }] }));
      expect(failure.type).toBe(UNKNOWN_CONVERSATION);
      expect(failure.message).toBe(`conversation ${before.conversationId} does not exist`);
      expect(stub.calls.sendOutbound).toEqual([]);
      expect(await stateOf(handle)).toEqual(before);
    });
  });

  describe('customer messages', () => {
    it('reopen a Done conversation into Unassigned; echoes of our own messages change nothing', async () => {
      const stub = stubActivities();
      await withWorker(stub, async (tq) => {
        const ref = newRef();
        const handle = await deliver(tq, ref, [customerMessage(await now())]);
        const { conversationId } = await known(handle);
        await handle.executeUpdate(assignUpdate, { args: [{ actor: alice, userId: alice.id }] });
        await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Done, thanks!' }] });
        const done = await handle.executeUpdate(resolveUpdate, { args: [{ actor: alice }] });

        await deliver(tq, ref, [echo(await now())]);
        await eventually(async () => stub.calls.linkInbound.length, (n) => n === 2, 'the echo to be linked');
        // An echo counts as activity, and changes nothing else.
        expect(await stateOf(handle)).toEqual({ ...done, lastActivityAt: expect.any(String) });

        const again = customerMessage((await now()) + 1000);
        await deliver(tq, ref, [again]);
        const reopened = await eventually(() => stateOf(handle), (s) => s!.status !== 'done', 'the reopening');
        expect(reopened).toEqual({
          conversationId,
          status: 'unassigned',
          assignee: {},
          repliedSinceOpen: false,
          lastCustomerMessageAt: again.at,
          lastActivityAt: expect.any(String),
          policy: {},
        });
        expect(stub.transitions().at(-1)).toEqual({
          conversationId,
          status: 'unassigned',
          assignee: {},
          event: { type: 'conversation.reopened', actor: { type: 'customer' } },
        });
      });
    });

    it('bring a Pending conversation back to Assigned, or Unassigned when nobody holds it', async () => {
      const stub = stubActivities();
      await withWorker(stub, async (tq) => {
        const t = await now();
        const pending = (conversationId: string, assignee: Assignee): ConversationSnapshot => ({
          conversationId,
          status: 'pending',
          assignee,
          repliedSinceOpen: true,
          lastCustomerMessageAt: new Date(t - DAY).toISOString(),
          policy: {},
        });
        const held = newRef();
        const free = newRef();
        const heldHandle = await startFromSnapshot(tq, { ref: held, state: pending('conv-held', { userId: bob.id }) });
        const freeHandle = await startFromSnapshot(tq, { ref: free, state: pending('conv-free', {}) });
        expect(await stateOf(heldHandle)).toMatchObject({ status: 'pending' });

        await deliver(tq, held, [customerMessage(t)]);
        await deliver(tq, free, [customerMessage(t)]);
        expect(await eventually(() => stateOf(heldHandle), (s) => s!.status !== 'pending', 'held to move')).toMatchObject({
          status: 'assigned',
          assignee: { userId: bob.id },
          repliedSinceOpen: true,
        });
        expect(await eventually(() => stateOf(freeHandle), (s) => s!.status !== 'pending', 'free to move')).toMatchObject({
          status: 'unassigned',
          assignee: {},
        });
        const replied = stub.calls.applyTransition.filter((c) => c.event.type === 'conversation.customer_replied');
        expect(replied).toHaveLength(2);
        expect(replied.find((c) => c.conversationId === 'conv-held')).toMatchObject({
          status: 'assigned',
          event: { actor: { type: 'customer' } },
        });
        // The carried snapshot's conversation id is used when linking.
        expect(stub.calls.linkInbound.find((c) => c.ref.threadKey === held.threadKey)?.conversationId).toBe('conv-held');
      });
    });

    it('reopen a conversation the database says is Done when a fresh run starts for it', async () => {
      const stub = stubActivities({
        existing: { conversationId: 'conv-old', status: 'done', assignee: { userId: bob.id }, repliedSinceOpen: true },
      });
      await withWorker(stub, async (tq) => {
        const message = customerMessage(await now());
        const handle = await deliver(tq, newRef(), [message]);
        const state = await eventually(() => stateOf(handle), (s) => s?.status === 'unassigned', 'the reopening');
        expect(state).toMatchObject({ conversationId: 'conv-old', assignee: {}, repliedSinceOpen: false, lastCustomerMessageAt: message.at });
        expect(stub.events()).toEqual([{ type: 'conversation.reopened', actor: { type: 'customer' } }]);
      });
    });
  });

  it('continues as new before history grows large, keeping its state and every message', async () => {
    const stub = stubActivities({ policy: messenger });
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const workflowId = conversationWorkflowId(ref);
      const t = await now();
      await temporal.env().client.workflow.signalWithStart<typeof conversationWorkflow, [InboundSignal]>('conversationWorkflow', {
        taskQueue: tq,
        workflowId,
        args: [{ ref, historyLimit: 30 }],
        signal: inboundSignal,
        signalArgs: [{ items: [customerMessage(t)] }],
      });
      const handle = temporal.env().client.workflow.getHandle<typeof conversationWorkflow>(workflowId);
      const firstRun = (await handle.describe()).runId;
      await known(handle);
      await handle.executeUpdate(assignUpdate, { args: [{ actor: alice, userId: bob.id }] });

      const sent: InboundItem[] = [];
      for (let i = 1; i <= 20; i++) {
        const item = customerMessage(t + i * 1000);
        sent.push(item);
        await deliver(tq, ref, [item]);
      }
      const last = sent.at(-1)!;

      // Every message reaches linkInbound (watched in-process: asking the test server while a run is
      // continuing as new can race), then the last run settles.
      await eventually(
        async () => stub.linkedMessageIds(),
        (ids) => sent.every((m) => ids.includes(m.messageId)),
        'every message to be linked',
      );
      const description = await settled(handle);
      expect(description.runId).not.toBe(firstRun);
      expect(description.historyLength).toBeLessThan(30);
      const state = await stateOf(handle);
      expect(state).toMatchObject({ status: 'assigned', assignee: { userId: bob.id }, lastCustomerMessageAt: last.at });

      const linked = stub.linkedMessageIds();
      for (const item of sent) expect(linked).toContain(item.messageId);
      // Only the very first link ran without a conversation id: later runs carried the state.
      expect(stub.calls.linkInbound.filter((c) => c.conversationId === undefined)).toHaveLength(1);

      // The new run still acts on the carried state.
      const resolved = await handle.executeUpdate(replyUpdate, { args: [{ actor: bob, text: 'Thanks for your patience.' }] });
      expect(resolved).toMatchObject({ status: 'assigned', repliedSinceOpen: true });
    });
  });
});

// The rules of lifecycle actions that live in the conversation's state class, whoever acts: the
// mandatory resolution reason (agents in the update validator, automations in their resolve),
// routing's assignment as a planned transition, and automations' assignTeam + assignUser.
import { describe, expect, it } from 'vitest';
import type { EvaluateResult, LifecycleAction, LifecycleSettings } from '../../workflows/activities.js';
import {
  INVALID_ACTION,
  replyUpdate,
  resolveUpdate,
  settingsChangedSignal,
  type Actor,
} from '../../workflows/shared.js';
import {
  customerMessage,
  deliver,
  eventually,
  known,
  newRef,
  NO_SETTINGS,
  now,
  refusal,
  stateOf,
  stubActivities,
  useTimeSkippingEnv,
  withWorker,
} from '../support/workflow-harness.js';

useTimeSkippingEnv();
const alice: Actor = { type: 'user', id: 'user-alice', name: 'Alice' };

/** Reasons mandatory for private conversations of the channel, optional for public ones. */
const WITH_REASONS: LifecycleSettings = {
  ...NO_SETTINGS,
  resolutionReasons: { private: [{ id: 'reason-answered', name: 'Answered' }, { id: 'reason-spam', name: 'Spam' }], public: [] },
};

/** One published automation doing `lifecycle` on a new thread. */
function automation(...fired: Array<{ id: string; name: string; lifecycle: LifecycleAction[] }>) {
  return (): EvaluateResult => ({ generation: '1', hasSkillSets: false, fired: fired.map((f) => ({ ...f, version: 1 })) });
}

describe('mandatory resolution reason', () => {
  it('refuses an agent resolve without a reason (or with one that does not apply) in the validator, state unchanged', async () => {
    const stub = stubActivities({ settings: () => WITH_REASONS });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      await known(handle);
      await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Sorted.' }] });
      const before = await stateOf(handle);
      const written = stub.calls.applyTransition.length;
      // A validator's refusal never enters the history as an accepted update.
      const accepted = async () => (await handle.fetchHistory()).events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
      const acceptedBefore = await accepted();

      const missing = await refusal(handle.executeUpdate(resolveUpdate, { args: [{ actor: alice }] }));
      expect(missing.type).toBe(INVALID_ACTION);
      expect(missing.message).toBe(
        'a resolution reason is required for private conversations of this channel; choose one of: reason-answered (Answered), reason-spam (Spam)',
      );
      const foreign = await refusal(handle.executeUpdate(resolveUpdate, { args: [{ actor: alice, reasonId: 'reason-other' }] }));
      expect(foreign.type).toBe(INVALID_ACTION);
      expect(foreign.message).toMatch(/^reasonId "reason-other" does not apply for private conversations/);
      expect(await stateOf(handle)).toEqual(before);
      expect(stub.calls.applyTransition).toHaveLength(written);
      expect(await accepted()).toBe(acceptedBefore);

      const done = await handle.executeUpdate(resolveUpdate, { args: [{ actor: alice, reasonId: 'reason-spam' }] });
      expect(done.status).toBe('done');
      expect(stub.events().at(-1)).toEqual({ type: 'conversation.resolved', actor: alice, detail: { reasonId: 'reason-spam' } });
    });
  });

  it('leaves the reason optional for a kind no reason applies to', async () => {
    const stub = stubActivities({ kind: 'public', settings: () => WITH_REASONS });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      await known(handle);
      await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Thanks!' }] });
      expect((await handle.executeUpdate(resolveUpdate, { args: [{ actor: alice }] })).status).toBe('done');
    });
  });

  it('follows reasons an admin adds while the conversation runs', async () => {
    let settings: LifecycleSettings = NO_SETTINGS;
    const stub = stubActivities({ settings: () => settings });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      await known(handle);
      await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Sorted.' }] });
      settings = WITH_REASONS;
      await handle.signal(settingsChangedSignal);
      // As the admin's request does: signal, then at once an agent resolves. The action waits for
      // the reload rather than checking the old settings.
      const refused = await refusal(handle.executeUpdate(resolveUpdate, { args: [{ actor: alice }] }));
      expect(refused.type).toBe(INVALID_ACTION);
      expect((await stateOf(handle))!.status).toBe('assigned');
    });
  });
});

describe("an automation's resolve", () => {
  it('resolves with a reason that applies, nobody having replied', async () => {
    const stub = stubActivities({
      settings: () => WITH_REASONS,
      evaluate: automation({ id: 'auto-spam', name: 'Spam', lifecycle: [{ type: 'resolve', reasonId: 'reason-spam' }] }),
    });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      await eventually(() => stateOf(handle), (s) => s?.status === 'done', 'the automated resolve');
      expect(stub.events()).toEqual([
        { type: 'conversation.resolved', actor: { type: 'automation', id: 'auto-spam', name: 'Spam', version: 1 }, detail: { reasonId: 'reason-spam' } },
      ]);
    });
  });

  it('is skipped without a mandatory reason, the audit trail saying why, and later actions still run', async () => {
    const stub = stubActivities({
      settings: () => WITH_REASONS,
      evaluate: automation(
        { id: 'auto-close', name: 'Close', lifecycle: [{ type: 'resolve' }] },
        { id: 'auto-team', name: 'Team', lifecycle: [{ type: 'assignTeam', teamId: 'team-care' }] },
      ),
    });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      const state = await eventually(() => stateOf(handle), (s) => s?.status === 'assigned', 'the later assignment');
      expect(state!.assignee).toEqual({ teamId: 'team-care' });
      expect(stub.events()).toEqual([
        {
          type: 'automation.action_skipped',
          actor: { type: 'automation', id: 'auto-close', name: 'Close', version: 1 },
          detail: {
            action: 'resolve',
            reason: 'a resolution reason is required for private conversations of this channel; choose one of: reason-answered (Answered), reason-spam (Spam)',
          },
        },
        { type: 'conversation.assigned', actor: { type: 'automation', id: 'auto-team', name: 'Team', version: 1 }, detail: { teamId: 'team-care' } },
      ]);
      // The skipped action changed nothing: the written states are unassigned, then the team.
      expect(stub.calls.applyTransition.map((t) => t.status)).toEqual(['unassigned', 'assigned']);
    });
  });
});

describe("an automation's assignTeam and assignUser", () => {
  const cases: Array<[string, LifecycleAction[]]> = [
    ['team first', [{ type: 'assignTeam', teamId: 'team-vip' }, { type: 'assignUser', userId: 'user-vera' }]],
    ['user first', [{ type: 'assignUser', userId: 'user-vera' }, { type: 'assignTeam', teamId: 'team-vip' }]],
  ];
  for (const [order, lifecycle] of cases) {
    it(`combine within one evaluation (${order}): the user within that team`, async () => {
      const stub = stubActivities({ evaluate: automation({ id: 'auto-vip', name: 'VIP', lifecycle }) });
      await withWorker(stub, async (tq) => {
        const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
        await eventually(async () => stub.calls.applyTransition.length, (n) => n === 2, 'both assignments');
        expect((await stateOf(handle))!.assignee).toEqual({ userId: 'user-vera', teamId: 'team-vip' });
        expect(stub.calls.applyTransition.at(-1)!.assignee).toEqual({ userId: 'user-vera', teamId: 'team-vip' });
      });
    });
  }

  it('combine across two automations of one evaluation, each recorded as itself', async () => {
    const stub = stubActivities({
      evaluate: automation(
        { id: 'auto-team', name: 'Team', lifecycle: [{ type: 'assignTeam', teamId: 'team-vip' }] },
        { id: 'auto-user', name: 'User', lifecycle: [{ type: 'assignUser', userId: 'user-vera' }] },
      ),
    });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      await eventually(async () => stub.calls.applyTransition.length, (n) => n === 2, 'both assignments');
      expect((await stateOf(handle))!.assignee).toEqual({ userId: 'user-vera', teamId: 'team-vip' });
      expect(stub.events().map((e) => [(e.actor as { id: string }).id, e.detail])).toEqual([
        ['auto-team', { teamId: 'team-vip' }],
        ['auto-user', { userId: 'user-vera', teamId: 'team-vip' }],
      ]);
    });
  });
});

describe('routing', () => {
  it("records the assignment as the state class's planned transition, with its audit event", async () => {
    const stub = stubActivities({ route: () => ({ outcome: 'assigned', userId: 'user-bob', teamId: 'team-nl', skillSetId: 'skill-nl' }) });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      const state = await eventually(() => stateOf(handle), (s) => s?.status === 'assigned', 'routing');
      const conversationId = state!.conversationId;
      expect(stub.calls.routeConversation).toEqual([
        {
          conversationId,
          at: expect.any(String),
          plan: {
            assigned: { status: 'assigned', event: { type: 'conversation.assigned', actor: { type: 'system' }, detail: { auto: true } } },
            waitingForTeam: { status: 'assigned', event: { type: 'conversation.waiting', actor: { type: 'system' } } },
            waitingUnassigned: { status: 'unassigned', event: { type: 'conversation.waiting', actor: { type: 'system' } } },
          },
        },
      ]);
      expect(stub.calls.routed).toEqual([
        {
          conversationId,
          status: 'assigned',
          assignee: { userId: 'user-bob', teamId: 'team-nl' },
          event: {
            type: 'conversation.assigned',
            actor: { type: 'system' },
            detail: { userId: 'user-bob', teamId: 'team-nl', skillSetId: 'skill-nl', auto: true },
          },
        },
      ]);
      // Persisted once, by routing: the workflow commits it without writing it again.
      expect(stub.calls.applyTransition).toEqual([]);
      expect(state).toMatchObject({ status: 'assigned', assignee: { userId: 'user-bob', teamId: 'team-nl' } });
    });
  });
});

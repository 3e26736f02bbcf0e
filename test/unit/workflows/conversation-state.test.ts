// The conversation's state class on its own (pure: no Temporal server): the rules every actor's
// transitions go through.
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { LifecycleSettings, LinkInboundResult } from '../../../workflows/activities.js';
import { Conversation } from '../../../workflows/conversation-state.js';
import { INVALID_ACTION, type Actor } from '../../../workflows/shared.js';

const settings: LifecycleSettings = {
  autoResolve: {},
  pendingAfterReply: false,
  unassign: { enabled: false, offlineAfterSeconds: 120 },
  resolutionReasons: { private: [{ id: 'r-1', name: 'Answered' }], public: [] },
};
const bot: Actor = { type: 'automation', id: 'a-1', name: 'Bot' };
const at = '2026-12-01T10:00:00.000Z';

function conversation(kind: 'private' | 'public', repliedSinceOpen = false): Conversation {
  const convo = new Conversation();
  const linked: LinkInboundResult = { conversationId: 'c-1', created: true, kind, status: 'unassigned', assignee: {}, policy: {}, repliedSinceOpen };
  convo.linked(linked, [{ messageId: 'm-1', direction: 'in', at }]);
  convo.useSettings(settings);
  return convo;
}

function refusalOf(fn: () => unknown): ApplicationFailure {
  try {
    fn();
  } catch (err) {
    return err as ApplicationFailure;
  }
  throw new Error('expected a refusal');
}

describe('the mandatory resolution reason', () => {
  it('is required where a reason applies to the kind, and must be one of those', () => {
    const convo = conversation('private', true);
    const missing = refusalOf(() => convo.assertCanResolve({ actor: { type: 'user', id: 'u-1' } }));
    expect(missing.type).toBe(INVALID_ACTION);
    expect(missing.message).toContain('r-1 (Answered)');
    expect(refusalOf(() => convo.assertCanResolve({ actor: { type: 'user', id: 'u-1' }, reasonId: 'r-9' })).message).toMatch(/"r-9" does not apply/);
    expect(() => convo.assertCanResolve({ actor: { type: 'user', id: 'u-1' }, reasonId: 'r-1' })).not.toThrow();
    expect(() => conversation('public', true).assertCanResolve({ actor: { type: 'user', id: 'u-1' } })).not.toThrow();
  });

  it("turns an automation's resolve without it into an audit event that changes nothing", () => {
    const convo = conversation('private');
    const skipped = convo.planAutomationResolve({ actor: bot })!;
    expect(skipped.auditOnly).toBe(true);
    expect(skipped.next).toEqual(convo.snapshot());
    expect(skipped.event).toMatchObject({ type: 'automation.action_skipped', detail: { action: 'resolve' } });
    expect(convo.planAutomationResolve({ actor: bot, reasonId: 'r-1' })!.next.status).toBe('done');
  });

  it('does not hold back the auto-resolve timer, whose reason the admin chose', () => {
    expect(conversation('private').planAutoResolve('new', { afterSeconds: 60 }).next.status).toBe('done');
  });
});

describe("automations' assignments", () => {
  it('combine with what the same evaluation assigned before', () => {
    const convo = conversation('private');
    expect(convo.planAutomationAssign({ actor: bot, userId: 'u-1' }, { teamId: 't-1' })!.next.assignee).toEqual({ userId: 'u-1', teamId: 't-1' });
    expect(convo.planAutomationAssign({ actor: bot, teamId: 't-2' }, { userId: 'u-1', teamId: 't-1' })!.next.assignee).toEqual({ userId: 'u-1', teamId: 't-2' });
    expect(convo.planAutomationAssign({ actor: bot, teamId: 't-1' }, undefined)!.next.assignee).toEqual({ teamId: 't-1' });
  });
});

describe('routing', () => {
  it('plans nothing once an agent has the conversation, and commits the outcome as planned', () => {
    const convo = conversation('private');
    const plan = convo.planRouting()!;
    const t = convo.planRouted(plan, { outcome: 'waiting', teamId: 't-1', skillSetId: 's-1' }, false)!;
    expect(t.next).toMatchObject({ status: 'assigned', assignee: { teamId: 't-1' }, routingWaiting: true });
    expect(t.event).toMatchObject({ type: 'conversation.waiting', actor: { type: 'system' }, detail: { teamId: 't-1' } });
    convo.commit(t.next);
    const assigned = convo.planRouted(plan, { outcome: 'assigned', userId: 'u-1', teamId: 't-1', skillSetId: 's-1' }, true)!;
    convo.commit(assigned.next);
    expect(convo.snapshot()).toMatchObject({ status: 'assigned', assignee: { userId: 'u-1', teamId: 't-1' } });
    expect(convo.snapshot()!.routingWaiting).toBeUndefined();
    expect(convo.planRouting()).toBeNull();
  });
});

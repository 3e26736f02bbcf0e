// How the relay decides whether a customer message is worth an evaluation: the prefilter of the
// published automations, on the message's fixed facts, with every trigger a message's evaluation
// can have. Its answer is checked against the evaluation itself: a message it rules out fires
// nothing, and a message on which an automation fires is never ruled out.
import { describe, expect, it } from 'vitest';
import { compilePublished } from '../../../engine/features/automation/published.js';
import type { LinkedThread } from '../../../engine/features/inbound/link.js';
import { couldFire } from '../../../engine/features/inbound/relay.js';
import { act, all, automation, cond } from '../rules/builders.js';

const rules = compilePublished('7', {
  automations: [
    automation('refund', all(cond('message.text', 'contains', 'refund')), [act({ type: 'addTags', tags: ['refund'] })]),
    automation('welcome', all(cond('conversation.kind', 'equal', 'public')), [act({ type: 'addTags', tags: ['public'] })], { triggers: ['conversation.created'] }),
  ],
  skillSets: [],
  contactGroups: [],
  scripts: [],
});

function thread(texts: Record<string, string>, kind: 'private' | 'public' = 'private'): LinkedThread {
  return {
    channelId: 'channel-1', threadKey: 't', conversationId: 'conv', created: true, kind, status: 'unassigned', assignee: {}, policy: {},
    texts: new Map(Object.entries(texts)), channelType: 'sandbox',
  };
}

describe('whether a message is worth an evaluation', () => {
  it('rules out the messages no published automation could fire on, and only those', async () => {
    const t = thread({ m1: 'I want a REFUND now', m2: 'hello there' });
    expect(couldFire(rules, t, 'm1')).toBe(true);
    expect(couldFire(rules, t, 'm2')).toBe(false);
    // the evaluation agrees: nothing fires on the message ruled out, whatever the trigger
    const facts = { 'message.text': 'hello there', 'channel.id': 'channel-1', 'channel.type': 'sandbox', 'conversation.kind': 'private' };
    for (const trigger of ['message.received', 'conversation.created', 'conversation.reopened'] as const) {
      expect((await rules.automations.evaluate(facts, [trigger])).fired).toEqual([]);
    }
  });

  it('keeps a message whose evaluation may open the conversation with an automation on creation', () => {
    expect(couldFire(rules, thread({ m1: 'hello there' }, 'public'), 'm1')).toBe(true);
  });

  it('knows the triggers no published automation listens to: an evaluation with only those fires nothing, whatever the facts', async () => {
    expect(rules.automations.listensTo(['message.received'])).toBe(true);
    expect(rules.automations.listensTo(['conversation.assigned', 'conversation.created'])).toBe(true);
    expect(rules.automations.listensTo(['conversation.assigned', 'conversation.resolved'])).toBe(false);
    const facts = { 'message.text': 'a refund please', 'channel.id': 'channel-1', 'channel.type': 'sandbox', 'conversation.kind': 'public' };
    expect((await rules.automations.evaluate(facts, ['message.received'])).fired).toHaveLength(1);
    expect((await rules.automations.evaluate(facts, ['conversation.assigned', 'conversation.resolved'])).fired).toEqual([]);
  });

  it('rules out every message when no automation is published', () => {
    const none = compilePublished('8', { automations: [], skillSets: [], contactGroups: [], scripts: [] });
    expect(couldFire(none, thread({ m1: 'refund' }), 'm1')).toBe(false);
  });
});

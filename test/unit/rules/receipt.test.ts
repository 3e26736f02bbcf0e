// When the relay may evaluate automations as it links a message, with the outcome the workflow
// would have had: not when an automation reads the status, nor when anything published resolves
// conversations, nor when automations read the contact while a script sets its attributes.
import { describe, expect, it } from 'vitest';
import { evaluableOnReceipt, type ScriptDocument, type ScriptStep } from '../../../rules/index.js';
import { act, all, any, automation, cond, not } from './builders.js';

const script = (steps: ScriptStep[], enabled = true): ScriptDocument => ({
  schema: 'switchboard.script/1',
  name: 'Welcome',
  enabled,
  start: steps[0].id,
  steps,
});
const tagOn = (when: ReturnType<typeof all>) => automation('a', when, [act({ type: 'addTags', tags: ['x'] })]).document;

describe('evaluableOnReceipt', () => {
  it('allows automations on the message, the channel, tags and the contact, whatever their data and assignment actions', () => {
    const docs = [
      tagOn(all(cond('message.text', 'contains', 'refund'), cond('conversation.tags', 'includes', 'vip'))),
      automation('b', all(cond('contact.language', 'equal', 'fr')), [act({ type: 'assignTeam', teamId: 't1' }), act({ type: 'sendSavedReply', savedReplyId: 'r1' })]).document,
    ];
    expect(evaluableOnReceipt(docs, [])).toBe(true);
    expect(evaluableOnReceipt(docs, [script([{ id: 's1', type: 'message', text: 'Hello', next: 'h' } as ScriptStep, { id: 'h', type: 'handover' } as ScriptStep])])).toBe(true);
  });

  it('refuses a set that reads the status anywhere in its conditions', () => {
    expect(evaluableOnReceipt([tagOn(all(cond('conversation.status', 'equal', 'assigned')))], [])).toBe(false);
    expect(evaluableOnReceipt([tagOn(all(any(cond('message.text', 'contains', 'a'), not(cond('conversation.status', 'equal', 'done')))))], [])).toBe(false);
    // a disabled automation is not evaluated at all
    expect(evaluableOnReceipt([automation('a', all(cond('conversation.status', 'equal', 'assigned')), [], { enabled: false }).document], [])).toBe(true);
  });

  it('refuses a set where an automation or an enabled script can resolve', () => {
    expect(evaluableOnReceipt([automation('a', all(), [act({ type: 'resolve' })]).document], [])).toBe(false);
    const resolving = [{ id: 'r', type: 'resolve' } as ScriptStep];
    expect(evaluableOnReceipt([tagOn(all())], [script(resolving)])).toBe(false);
    expect(evaluableOnReceipt([tagOn(all())], [script(resolving, false)])).toBe(true);
  });

  it('refuses automations on the contact while a script sets the contact’s attributes', () => {
    const setting = script([{ id: 's', type: 'setAttribute', key: 'plan', value: 'pro', next: 'h' } as ScriptStep, { id: 'h', type: 'handover' } as ScriptStep]);
    expect(evaluableOnReceipt([tagOn(all(cond('contact.attribute.plan', 'equal', 'pro')))], [setting])).toBe(false);
    expect(evaluableOnReceipt([tagOn(all(cond('contact.groups', 'includes', 'g1')))], [setting])).toBe(false);
    expect(evaluableOnReceipt([tagOn(all(cond('message.text', 'contains', 'pro')))], [setting])).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { factsFromSample, testDocument } from '../../../rules/index.js';

const sample = factsFromSample({
  message: { text: 'Où est ma commande ?' },
  channel: { type: 'whatsapp' },
  conversation: { kind: 'private', tags: [] },
  contact: { language: 'fr', attributes: { plan: 'gold' }, groups: [] },
});
const when = {
  id: 'g1',
  all: [
    { id: 'c1', fact: 'contact.language', operator: 'equal', value: 'FR' },
    { id: 'c2', fact: 'contact.attributes.plan', operator: 'in', value: ['gold', 'platinum'] },
  ],
};

describe('testDocument (the /test endpoint)', () => {
  it('an automation: fired, its actions, and the trace, even when disabled', async () => {
    const result = await testDocument(
      {
        schema: 'switchboard.automation/1', name: 'where is my order', enabled: false, triggers: ['conversation.created'],
        when: { id: 'g1', any: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'ou est' }] },
        then: [{ id: 'a1', type: 'sendSavedReply', savedReplyId: 'tracking' }],
      },
      sample,
    );
    expect(result).toEqual({
      valid: true,
      fired: true,
      actions: [{ id: 'a1', type: 'sendSavedReply', savedReplyId: 'tracking' }],
      trace: { c1: { value: 'Où est ma commande ?', result: true }, g1: { value: [true], result: true } },
    });
  });

  it('a skill set: the route it would give', async () => {
    const result = await testDocument({ schema: 'switchboard.skillset/1', name: 'FR gold', enabled: true, when, target: { teamId: 'fr' }, strategy: 'roundRobin' }, sample);
    expect(result).toMatchObject({ valid: true, fired: true, route: { target: { teamId: 'fr' }, strategy: 'roundRobin' }, trace: { g1: { result: true } } });
  });

  it('a contact group: whether the contact belongs, with the trace when it does not', async () => {
    const result = await testDocument({ schema: 'switchboard.contactgroup/1', name: 'FR gold', enabled: true, when }, { ...sample, 'contact.attributes.plan': 'silver' });
    expect(result).toEqual({
      valid: true,
      fired: false,
      actions: [],
      trace: { c1: { value: 'fr', result: true }, c2: { value: 'silver', result: false }, g1: { value: [true, false], result: false } },
    });
  });

  it('an invalid document: the errors, nothing evaluated', async () => {
    const result = await testDocument({ schema: 'switchboard.contactgroup/1', name: 'x', enabled: true, when: { id: '$g', all: [] } }, sample);
    expect(result.valid).toBe(false);
    expect(!result.valid && result.errors.map((e) => e.message)).toEqual(['ids starting with "$" are reserved', 'an "all" group is empty: add at least one condition']);
  });
});

import { describe, expect, it } from 'vitest';
import { migrateDocument, validateDocument, type MigrationStep } from '../../../rules/index.js';

const automation = (overrides: Record<string, unknown> = {}) => ({
  schema: 'switchboard.automation/1',
  name: 'Refunds to Billing',
  enabled: true,
  triggers: ['message.received'],
  when: {
    id: 'g1',
    all: [
      { id: 'c1', fact: 'message.text', operator: 'contains', value: 'remboursement' },
      {
        id: 'g2',
        any: [
          { id: 'c2', fact: 'channel.type', operator: 'in', value: ['messenger', 'whatsapp'] },
          { id: 'g3', not: { id: 'c3', fact: 'contact.groups', operator: 'includes', value: 'premier' } },
        ],
      },
    ],
  },
  then: [
    { id: 'a1', type: 'addTags', tags: ['refund'] },
    { id: 'a2', type: 'assignTeam', teamId: 'billing' },
  ],
  stop: false,
  layout: { g1: { x: 40, y: 80 } },
  ...overrides,
});

const byElement = (errors: readonly { elementId?: string }[]) => errors.map((e) => e.elementId).sort();

describe('validateDocument', () => {
  it('accepts the documented example and returns the typed document', () => {
    const result = validateDocument(automation());
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.document?.schema).toBe('switchboard.automation/1');
  });

  it('lists every invalid element, each naming its id', () => {
    const result = validateDocument(
      automation({
        when: {
          id: 'g1',
          all: [
            { id: 'c1', fact: 'message.txt', operator: 'contains', value: 'x' }, // unknown fact
            { id: 'c2', fact: 'conversation.ageSeconds', operator: 'contains', value: 'x' }, // operator vs type
            { id: 'c3', fact: 'conversation.customerMessageCount', operator: 'greaterThan', value: '3' }, // value type
            { id: 'g2', any: [] }, // empty group
            { id: 'g3', not: [{ id: 'c4', fact: 'message.text', operator: 'isSet' }, { id: 'c5', fact: 'message.text', operator: 'isSet' }] },
            { id: 'c6', fact: 'message.text', operator: 'matches', value: '(a+)+$' }, // catastrophic regex
            { id: 'c7', fact: 'conversation.status', operator: 'equal', value: 'closed' }, // not an enum value
            { id: 'c1', fact: 'businessHours.open', operator: 'equal', value: true }, // duplicate id
          ],
        },
        then: [
          { id: 'a1', type: 'assignTeam' }, // no teamId
          { id: 'a2', type: 'setPriority', priority: 'asap' },
          { id: 'a3', type: 'explode' },
        ],
      }),
    );
    expect(result.valid).toBe(false);
    expect(result.document).toBeUndefined();
    expect(byElement(result.errors)).toEqual(['a1', 'a2', 'a3', 'c1', 'c1', 'c2', 'c3', 'c6', 'c7', 'g2', 'g3'].sort());
    const message = (id: string) => result.errors.filter((e) => e.elementId === id).map((e) => e.message).join(' | ');
    expect(message('c1')).toMatch(/unknown fact "message.txt"/);
    expect(message('c1')).toMatch(/used by another element/);
    expect(message('c2')).toMatch(/"contains" does not apply to "conversation.ageSeconds", a duration fact/);
    expect(message('c3')).toMatch(/needs a number/);
    expect(message('g2')).toMatch(/empty/);
    expect(message('g3')).toMatch(/exactly one/);
    expect(message('c6')).toMatch(/nested quantifiers/);
    expect(message('c7')).toMatch(/unassigned, assigned, pending, done/);
    expect(message('a1')).toMatch(/assignTeam: needs a non-empty id/);
    expect(result.errors.find((e) => e.elementId === 'a1')?.path).toBe('then[0].teamId');
    expect(result.errors.find((e) => e.elementId === 'c3')?.path).toBe('when.all[2].value');
  });

  it('refuses a half-built condition, naming it', () => {
    const result = validateDocument(automation({ when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text' }] } }));
    expect(result.errors).toEqual([{ elementId: 'c1', path: 'when.all[0].operator', message: 'a condition needs an "operator"' }]);
  });

  it('refuses empty or unknown triggers, empty actions, a missing when, an unknown schema', () => {
    expect(validateDocument(automation({ triggers: [] })).errors.map((e) => e.path)).toEqual(['triggers']);
    expect(validateDocument(automation({ triggers: ['message.received', 'message.sent'] })).errors.map((e) => e.path)).toEqual(['triggers[1]']);
    expect(validateDocument(automation({ then: [] })).errors.map((e) => e.path)).toEqual(['then']);
    expect(validateDocument(automation({ when: undefined })).errors.map((e) => e.path)).toEqual(['when']);
    const unknown = validateDocument(automation({ schema: 'switchboard.automation/9' }));
    expect(unknown.errors).toEqual([{ path: 'schema', message: expect.stringMatching(/unknown schema/) }]);
    expect(validateDocument('nope').valid).toBe(false);
  });

  it('refuses a when that is a bare condition, and elements without ids', () => {
    const result = validateDocument(
      automation({ when: { id: 'c1', fact: 'message.text', operator: 'isSet' }, then: [{ type: 'resolve' }] }),
    );
    expect(result.errors.map((e) => [e.elementId, e.path])).toEqual([
      ['c1', 'when'],
      [undefined, 'then[0].id'],
    ]);
  });

  it('checks operators against fact types', () => {
    const cond = (fact: string, operator: string, value?: unknown) =>
      validateDocument(automation({ when: { id: 'g', all: [{ id: 'c', fact, operator, value }] } })).valid;
    expect(cond('conversation.tags', 'includes', 'vip')).toBe(true);
    expect(cond('conversation.tags', 'contains', 'vip')).toBe(false);
    expect(cond('message.text', 'includes', 'vip')).toBe(false);
    expect(cond('message.text', 'greaterThan', 3)).toBe(false);
    expect(cond('conversation.ageSeconds', 'lessThanOrEqual', 3600)).toBe(true);
    expect(cond('businessHours.open', 'equal', 'yes')).toBe(false);
    expect(cond('businessHours.open', 'equal', false)).toBe(true);
    expect(cond('contact.attributes.plan', 'contains', 'gold')).toBe(true);
    expect(cond('contact.attributes.orders', 'greaterThan', 2)).toBe(true);
    expect(cond('contact.attributes.', 'isSet')).toBe(false);
    expect(cond('conversation.topic', 'isNotSet')).toBe(true);
    expect(cond('conversation.topic', 'isNotSet', 'x')).toBe(false);
    expect(cond('conversation.priority', 'in', ['high', 'urgent'])).toBe(true);
    expect(cond('conversation.priority', 'in', [])).toBe(false);
    expect(cond('message.text', 'matches', '^(order|commande) #?\\d+')).toBe(true);
    expect(cond('message.text', 'matches', '([a-z]*)*')).toBe(false);
    expect(cond('message.text', 'matches', '(\\w+\\s?){3,}')).toBe(false);
    expect(cond('message.text', 'matches', '(a)\\1')).toBe(false);
    expect(cond('message.text', 'matches', '[unclosed')).toBe(false);
  });

  it('validates skill sets and contact groups', () => {
    const when = { id: 'g1', all: [{ id: 'c1', fact: 'contact.language', operator: 'equal', value: 'fr' }] };
    expect(validateDocument({ schema: 'switchboard.skillset/1', name: 'FR', enabled: true, when, target: { teamId: 't' }, strategy: 'balanced' }).valid).toBe(true);
    const bad = validateDocument({ schema: 'switchboard.skillset/1', name: 'FR', enabled: true, when, target: { userIds: [] }, strategy: 'random' });
    expect(bad.errors.map((e) => e.path)).toEqual(['target.userIds', 'strategy']);
    expect(validateDocument({ schema: 'switchboard.contactgroup/1', name: 'French', enabled: true, when }).valid).toBe(true);
    const notContact = validateDocument({
      schema: 'switchboard.contactgroup/1',
      name: 'x',
      enabled: true,
      when: { id: 'g1', any: [{ id: 'c1', fact: 'message.text', operator: 'isSet' }] },
    });
    expect(notContact.errors).toEqual([{ elementId: 'c1', path: 'when.any[0].fact', message: expect.stringMatching(/contact facts only/) }]);
  });
});

describe('migrateDocument', () => {
  it('leaves current documents as they are', () => {
    const doc = automation();
    expect(migrateDocument(doc)).toEqual({ ok: true, document: doc, applied: [] });
  });

  it('applies named steps in order until the schema is current', () => {
    const steps: MigrationStep[] = [
      { name: 'v0 → v1: rename rules to then', from: 'switchboard.automation/0', to: 'switchboard.automation/1', up: ({ rules, ...d }) => ({ ...d, then: rules }) },
    ];
    const old = { ...automation(), schema: 'switchboard.automation/0', then: undefined, rules: automation().then };
    const result = migrateDocument(old, steps);
    expect(result.ok && result.applied).toEqual(['v0 → v1: rename rules to then']);
    expect(result.ok && validateDocument(result.document).valid).toBe(true);
  });
});

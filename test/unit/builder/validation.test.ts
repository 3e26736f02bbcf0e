import { describe, expect, it } from 'vitest';
import type { Doc } from '../../../admin-ui/src/builder/model/types.js';
import { problemsOf } from '../../../admin-ui/src/builder/validation.js';

const automation: Doc = {
  schema: 'switchboard.automation/1',
  name: 'Refunds',
  enabled: true,
  triggers: ['message.received'],
  when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'remboursement' }] },
  then: [{ id: 'a1', type: 'addTags', tags: ['refund'] }],
  stop: false,
};

describe('problems on the canvas (rules/ validation, by node)', () => {
  it('finds nothing in a valid automation', () => {
    expect(problemsOf(automation).count).toBe(0);
  });

  it('puts each element error on the node of that element', () => {
    const doc: Doc = { ...automation, when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'greaterThan', value: 3 }, { id: 'g2', any: [] }] }, then: [{ id: 'a1', type: 'assignTeam', teamId: '' }] };
    const { byNode, general } = problemsOf(doc);
    expect(byNode.get('c1')?.[0]).toContain('"greaterThan" does not apply to "message.text"');
    expect(byNode.get('g2')?.[0]).toContain('empty');
    expect(byNode.get('a1')?.[0]).toContain('assignTeam');
    expect(general).toEqual([]);
  });

  it('puts trigger problems on the trigger nodes, and a skill set target problem on $target', () => {
    expect(problemsOf({ ...automation, triggers: [] }).byNode.get('$triggers')).toHaveLength(1);
    expect(problemsOf({ ...automation, triggers: ['message.sent'] }).byNode.get('trigger:message.sent')).toHaveLength(1);
    const skillSet: Doc = { schema: 'switchboard.skillset/1', name: 'S', enabled: true, when: automation.when, target: { teamId: '' }, strategy: 'balanced' };
    expect(problemsOf(skillSet).byNode.get('$target')?.[0]).toContain('team id');
  });

  it('keeps problems that belong to no node (the name, no action) for the problems bar', () => {
    const { general, count } = problemsOf({ ...automation, name: '', then: [] });
    expect(general.map((e) => e.path).sort()).toEqual(['name', 'then']);
    expect(count).toBe(2);
  });

  it('does not hold against a script that rules/ does not validate yet', () => {
    const script: Doc = { schema: 'switchboard.script/1', name: 'Welcome', enabled: true, steps: [{ id: 's1', type: 'message', text: 'Bonjour' }], start: 's1' };
    expect(problemsOf(script).count).toBe(0);
  });
});

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

  it('finds nothing in a valid script', () => {
    const script: Doc = { schema: 'switchboard.script/1', name: 'Welcome', enabled: true, steps: [{ id: 's1', type: 'message', text: 'Bonjour', next: 's2' }, { id: 's2', type: 'handover' }], start: 's1' };
    expect(problemsOf(script).count).toBe(0);
  });
});

describe('script problems on the canvas', () => {
  const script = (steps: Doc['steps'], extra: Partial<Doc> = {}): Doc => ({ schema: 'switchboard.script/1', name: 'Welcome', enabled: true, start: 's1', steps, ...extra });
  const handover = { id: 's9', type: 'handover' as const };

  it('puts a step\'s own problem on that step', () => {
    const { byNode, general } = problemsOf(script([{ id: 's1', type: 'message', text: '', next: 's9' }, handover]));
    expect(byNode.get('s1')?.[0]).toContain('needs a non-empty "text"');
    expect(general).toEqual([]);
  });

  it('puts a choice\'s problem on its question, which draws the choices', () => {
    const question = { id: 's1', type: 'question' as const, text: 'Commande ou livraison ?', answer: 'choice', attribute: 'reason', next: 's9', choices: [{ id: 'k1', label: 'Commande', value: 'order' }, { id: 'k2', label: '', value: 'delivery' }] };
    const { byNode, general } = problemsOf(script([question, handover]));
    expect(byNode.get('s1')).toEqual(['a choice needs a non-empty "label"']);
    expect(byNode.has('k2')).toBe(false);
    expect(general).toEqual([]);
  });

  it('puts a branch\'s problems on the branch, and its conditions\' on each condition', () => {
    const branch = {
      id: 's1',
      type: 'branch' as const,
      otherwise: 's9',
      branches: [
        { id: 'b1', when: { id: 'g1', all: [{ id: 'c1', fact: 'contact.language', operator: 'greaterThan', value: 3 }] }, next: '' },
      ],
    };
    const { byNode, general } = problemsOf(script([branch, handover]));
    expect(byNode.get('b1')?.[0]).toContain('a branch has nowhere to go');
    expect(byNode.get('c1')?.[0]).toContain('"greaterThan" does not apply');
    expect(general).toEqual([]);
  });

  it('marks a dangling reference on the step that names it, and an unreachable step on itself', () => {
    const { byNode } = problemsOf(script([{ id: 's1', type: 'message', text: 'Bonjour', next: 'nowhere' }, handover]));
    expect(byNode.get('s1')).toEqual(['"next" names no step: "nowhere"']);
    expect(byNode.get('s9')).toEqual(['step "s9" cannot be reached from "start"']);
  });

  it('marks every step of a cycle without a question', () => {
    const { byNode } = problemsOf(
      script([
        { id: 's1', type: 'message', text: 'a', next: 's2' },
        { id: 's2', type: 'setAttribute', key: 'seen', value: true, next: 's1' },
      ]),
    );
    expect(byNode.get('s1')?.some((m) => m.includes('on a cycle with no question'))).toBe(true);
    expect(byNode.get('s2')?.some((m) => m.includes('on a cycle with no question'))).toBe(true);
  });

  it('puts the start, channels, hours and an empty script on the selection node', () => {
    expect(problemsOf(script([handover], { start: 'nowhere' })).byNode.get('$selection')).toEqual(['"start" names no step: "nowhere"']);
    expect(problemsOf(script([{ ...handover, id: 's1' }], { hours: 'sometimes' })).byNode.get('$selection')?.[0]).toContain('"hours" is one of');
    const empty = problemsOf(script([], { start: undefined }));
    expect(empty.byNode.get('$selection')?.length).toBe(2);
    expect(empty.general).toEqual([]);
  });

  it('keeps a step without an id for the problems bar, where no node can show it', () => {
    const { general, byNode } = problemsOf(script([{ id: 's1', type: 'message', text: 'a', next: 's9' }, handover, { type: 'handover' } as never]));
    expect(general.some((e) => e.path.startsWith('steps[2]'))).toBe(true);
    expect([...byNode.keys()]).not.toContain(undefined);
  });
});

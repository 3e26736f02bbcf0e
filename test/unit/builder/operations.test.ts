import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { elementsOf, findElement, idsOf } from '../../../admin-ui/src/builder/model/elements.js';
import { freshId, idMaker } from '../../../admin-ui/src/builder/model/ids.js';
import type { Doc, GroupEl, StepEl } from '../../../admin-ui/src/builder/model/types.js';
import {
  addAction,
  addBranch,
  addCondition,
  addGroup,
  addStep,
  addTrigger,
  connect,
  copyElements,
  deleteElements,
  disconnect,
  moveCondition,
  moveNodes,
  pasteFragment,
  removeTrigger,
  reorder,
  setDocumentFields,
  setFields,
  setGroupOp,
  unwrap,
  wrapIn,
} from '../../../admin-ui/src/builder/operations/index.js';
import { anyDocument, automation, problemsOf, script } from './arbitraries.js';

const base: Doc = {
  schema: 'switchboard.automation/1',
  name: 'Refunds',
  enabled: true,
  triggers: ['message.received'],
  when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'remboursement' }] },
  then: [{ id: 'a1', type: 'addTags', tags: ['refund'] }],
  stop: false,
};

const c1 = { id: 'c1', fact: 'message.text', operator: 'contains', value: 'remboursement' };

const pickId = (doc: Doc, n: number) => {
  const ids = [...idsOf(doc), ...(doc.triggers ?? []).map((t) => `trigger:${t}`)];
  return ids.length ? ids[n % ids.length]! : 'none';
};

/** Every operation, applied to a random element of a random document. */
const anyOperation = fc.oneof(
  fc.nat().map((n) => ['addCondition', (d: Doc) => addCondition(d, pickId(d, n), freshId(d, 'c'))] as const),
  fc.tuple(fc.nat(), fc.constantFrom('all' as const, 'any' as const, 'not' as const)).map(([n, op]) => ['addGroup', (d: Doc) => { const fresh = idMaker(d); return addGroup(d, pickId(d, n), op, fresh('g'), fresh('c')); }] as const),
  fc.tuple(fc.nat(), fc.constantFrom('all' as const, 'any' as const, 'not' as const)).map(([n, op]) => ['wrapIn', (d: Doc) => wrapIn(d, pickId(d, n), op, freshId(d, 'g'))] as const),
  fc.nat().map((n) => ['unwrap', (d: Doc) => unwrap(d, pickId(d, n))] as const),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => ['moveCondition', (d: Doc) => moveCondition(d, pickId(d, a), pickId(d, b))] as const),
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('next' as const, 'onInvalid' as const, 'otherwise' as const)).map(([a, b, port]) => ['connect', (d: Doc) => connect(d, pickId(d, a), pickId(d, b), port)] as const),
  fc.tuple(fc.nat(), fc.constantFrom('next', 'branchNext', 'otherwise')).map(([a, role]) => ['disconnect', (d: Doc) => disconnect(d, pickId(d, a), role)] as const),
  fc.tuple(fc.nat(), fc.constantFrom('message' as const, 'question' as const, 'branch' as const, 'handover' as const)).map(([n, type]) => ['addStep', (d: Doc) => (d.steps ? addStep(d, type, freshId(d, 's'), pickId(d, n)) : d)] as const),
  fc.nat().map((n) => ['addBranch', (d: Doc) => { const fresh = idMaker(d); return addBranch(d, pickId(d, n), fresh('b'), fresh('g'), fresh('c')); }] as const),
  fc.constantFrom('addTags', 'assignTeam').map((type) => ['addAction', (d: Doc) => (d.then ? addAction(d, type, freshId(d, 'a')) : d)] as const),
  fc.array(fc.nat(), { maxLength: 3 }).map((ns) => ['deleteElements', (d: Doc) => deleteElements(d, ns.map((n) => pickId(d, n)))] as const),
  fc.tuple(fc.nat(), fc.string({ maxLength: 4 })).map(([n, v]) => ['setFields', (d: Doc) => setFields(d, pickId(d, n), { value: v, next: 'nowhere' })] as const),
  fc.tuple(fc.nat(), fc.constantFrom('all' as const, 'any' as const, 'not' as const)).map(([n, op]) => ['setGroupOp', (d: Doc) => setGroupOp(d, pickId(d, n), op)] as const),
  fc.tuple(fc.array(fc.nat(), { maxLength: 3 }), fc.nat()).map(([ns, t]) => ['copy/paste', (d: Doc) => pasteFragment(d, copyElements(d, ns.map((n) => pickId(d, n))), pickId(d, t))] as const),
  fc.tuple(fc.nat(), fc.constantFrom(-1 as const, 1 as const)).map(([n, delta]) => ['reorder', (d: Doc) => reorder(d, pickId(d, n), delta)] as const),
  fc.nat().map((n) => ['moveNodes', (d: Doc) => moveNodes(d, { [pickId(d, n)]: { x: 5, y: 9 } })] as const),
  fc.constantFrom('conversation.created', 'message.received').map((t) => ['triggers', (d: Doc) => (d.triggers ? removeTrigger(addTrigger(d, t), 'message.received') : d)] as const),
);

describe('document operations', () => {
  it('keep ids unique and never leave a dangling reference, whatever sequence of them is applied', () => {
    fc.assert(
      fc.property(anyDocument, fc.array(anyOperation, { maxLength: 8 }), (doc, ops) => {
        expect(problemsOf(doc)).toEqual([]);
        let current = doc;
        for (const [name, op] of ops) {
          const before = JSON.stringify(current);
          current = op(current);
          expect(JSON.stringify(current) === before || problemsOf(current).length === 0, `${name} broke: ${problemsOf(current).join('; ')}`).toBe(true);
          expect(current.schema).toBe(doc.schema);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('return a new document and leave the one they were given untouched', () => {
    fc.assert(
      fc.property(anyDocument, anyOperation, (doc, [, op]) => {
        const before = JSON.stringify(doc);
        op(doc);
        expect(JSON.stringify(doc)).toBe(before);
      }),
    );
  });
});

describe('addCondition', () => {
  it('appends a condition with the given id to the selected group, or to the group of a selected condition', () => {
    const once = addCondition(base, 'g1', 'c2', { fact: 'channel.type', operator: 'equal', value: 'sandbox' });
    expect((once.when as { all: unknown[] }).all).toEqual([c1, { id: 'c2', fact: 'channel.type', operator: 'equal', value: 'sandbox' }]);
    const twice = addCondition(once, 'c1', 'c3');
    expect(findElement(twice, 'c3')?.parentId).toBe('g1');
  });

  it('gives a new node a position when the document has a layout', () => {
    const laid = { ...base, layout: { g1: { x: 0, y: 0 }, c1: { x: 330, y: 0 } } };
    const next = addCondition(laid, 'g1', 'c2');
    expect(next.layout!.c2).toBeDefined();
    expect(next.layout!.c2).not.toEqual(next.layout!.c1);
  });
});

describe('wrapIn and unwrap', () => {
  it('wrap a condition in an any group in its place, and unwrap gives the document back', () => {
    const wrapped = wrapIn(base, 'c1', 'any', 'g2');
    expect(wrapped.when).toEqual({ id: 'g1', all: [{ id: 'g2', any: [c1] }] });
    expect(unwrap(wrapped, 'g2')).toEqual(base);
  });

  it('wrap a condition in not, and the root group in a new root', () => {
    expect(wrapIn(base, 'c1', 'not', 'g2').when).toEqual({ id: 'g1', all: [{ id: 'g2', not: c1 }] });
    expect(wrapIn(base, 'g1', 'any', 'g9').when).toEqual({ id: 'g9', any: [base.when] });
  });

  it('refuse to unwrap a root group with several members (the document would have no root)', () => {
    const two = addCondition(base, 'g1', 'c2');
    expect(unwrap(two, 'g1')).toEqual(two);
  });
});

describe('deleteElements', () => {
  it('removes a condition and its position; the root group is emptied, never removed', () => {
    const laid = { ...base, layout: { g1: { x: 0, y: 0 }, c1: { x: 1, y: 1 } } };
    const next = deleteElements(laid, ['c1']);
    expect(next.when).toEqual({ id: 'g1', all: [] });
    expect(next.layout).toEqual({ g1: { x: 0, y: 0 } });
    expect(deleteElements(base, ['g1']).when).toEqual({ id: 'g1', all: [] });
  });

  it('removes a not group with its only member', () => {
    const doc = wrapIn(base, 'c1', 'not', 'g2');
    expect(deleteElements(doc, ['c1']).when).toEqual({ id: 'g1', all: [] });
  });

  it('removes a trigger node as a trigger, and an action', () => {
    const next = deleteElements(base, ['trigger:message.received', 'a1']);
    expect(next.triggers).toEqual([]);
    expect(next.then).toEqual([]);
  });

  it('clears the references to a deleted step: start, next, otherwise and branch targets', () => {
    const doc: Doc = {
      schema: 'switchboard.script/1', name: 'S', enabled: true, start: 's1',
      steps: [
        { id: 's1', type: 'message', text: 'hi', next: 's2' },
        { id: 's2', type: 'branch', branches: [{ id: 'b1', when: { id: 'g1', all: [] }, next: 's3' }], otherwise: 's3' },
        { id: 's3', type: 'handover' },
      ],
    };
    const next = deleteElements(doc, ['s3']);
    expect(next.steps!.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(next.steps![1]).toEqual({ id: 's2', type: 'branch', branches: [{ id: 'b1', when: { id: 'g1', all: [] } }] });
    expect(deleteElements(doc, ['s1']).start).toBeUndefined();
  });
});

describe('connect and disconnect', () => {
  const doc: Doc = { schema: 'switchboard.script/1', name: 'S', enabled: true, steps: [{ id: 's1', type: 'question', text: '?', answer: 'email', attribute: 'email' }, { id: 's2', type: 'handover' }] };

  it('connects the selection to the first step, and a question to the next step and to where invalid answers go', () => {
    let next = connect(doc, '$selection', 's1');
    next = connect(next, 's1', 's2');
    next = connect(next, 's1', 's2', 'onInvalid');
    expect(next.start).toBe('s1');
    expect(next.steps![0]).toMatchObject({ next: 's2', onInvalid: 's2' });
    expect(disconnect(next, 's1', 'next').steps![0]!.next).toBeUndefined();
  });

  it('moves a condition into a group when a group is connected to it, never into its own member', () => {
    const two = addGroup(base, 'g1', 'any', 'g2', 'c2');
    const moved = connect(two, 'g2', 'c1');
    expect(findElement(moved, 'c1')?.parentId).toBe('g2');
    expect(moveCondition(two, 'g2', 'c2')).toEqual(two);
  });
});

describe('addStep and addBranch', () => {
  it('starts an empty script with its first step, and links a new step after the selected one', () => {
    const empty: Doc = { schema: 'switchboard.script/1', name: 'S', enabled: true, steps: [] };
    const one = addStep(empty, 'message', 's1');
    expect(one.start).toBe('s1');
    const two = addStep(one, 'question', 's2', 's1');
    expect(two.steps![0]!.next).toBe('s2');
    const three = addBranch(addStep(two, 'branch', 's3', 's2'), 's3', 'b1', 'g1', 'c1');
    const branch = three.steps![2] as StepEl;
    expect(branch.branches).toEqual([{ id: 'b1', when: { id: 'g1', all: [{ id: 'c1', fact: 'contact.attributes.reason', operator: 'equal', value: '' }] } }]);
  });
});

describe('setFields and setGroupOp', () => {
  it('sets and removes fields but never the id', () => {
    const next = setFields(base, 'c1', { value: 'refund', id: 'x', operator: undefined });
    expect(next.when!).toEqual({ id: 'g1', all: [{ id: 'c1', fact: 'message.text', value: 'refund' }] });
  });

  it('turns all into any with the same members, and a one-member group into not', () => {
    expect(setGroupOp(base, 'g1', 'any').when).toEqual({ id: 'g1', any: base.when!.all });
    expect(setGroupOp(base, 'g1', 'not').when).toEqual({ id: 'g1', not: c1 });
    const two = addCondition(base, 'g1', 'c2');
    expect(setGroupOp(two, 'g1', 'not')).toEqual(two);
  });

  it('sets document fields but not the logic through the back door', () => {
    const next = setDocumentFields(base, { name: 'Renamed', stop: true, when: null, schema: 'x' });
    expect(next).toEqual({ ...base, name: 'Renamed', stop: true });
  });
});

describe('copy and paste', () => {
  it('pastes copies with new ids: a group with its members, and actions', () => {
    const doc = addGroup(base, 'g1', 'any', 'g2', 'c2');
    const pasted = pasteFragment(doc, copyElements(doc, ['g2', 'c2', 'a1']), 'g1');
    const root = pasted.when as GroupEl & { all: GroupEl[] };
    expect(root.all).toHaveLength(3);
    const copy = root.all[2]! as { id: string; any: { id: string }[] };
    expect(copy.id).not.toBe('g2');
    expect(copy.any[0]!.id).not.toBe('c2');
    expect(pasted.then).toHaveLength(2);
    expect(new Set(idsOf(pasted)).size).toBe(idsOf(pasted).length);
  });

  it('keeps the links between pasted steps on the copies', () => {
    fc.assert(
      fc.property(script, (doc) => {
        const ids = (doc.steps ?? []).map((s) => s.id);
        const pasted = pasteFragment(doc, copyElements(doc, ids));
        expect(pasted.steps!.length).toBe(ids.length * 2);
        const copies = pasted.steps!.slice(ids.length);
        const copyIds = new Set(copies.map((s) => s.id));
        for (const s of copies) if (s.next !== undefined) expect(copyIds.has(s.next)).toBe(true);
      }),
    );
  });
});

describe('moveNodes', () => {
  it('gives a document without layout the current positions plus the moved one', () => {
    const next = moveNodes(base, { c1: { x: 10.4, y: 20.6 } }, { g1: { x: 0, y: 0 }, c1: { x: 1, y: 1 } });
    expect(next.layout).toEqual({ g1: { x: 0, y: 0 }, c1: { x: 10, y: 21 } });
    expect(elementsOf(next)).toEqual(elementsOf(base));
  });
});

describe('automation property', () => {
  it('an automation keeps a group at its root under any operation', () => {
    fc.assert(
      fc.property(automation, fc.array(anyOperation, { maxLength: 6 }), (doc, ops) => {
        const out = ops.reduce((d, [, op]) => op(d), doc);
        expect(findElement(out, out.when!.id)?.kind).toBe('group');
      }),
    );
  });
});

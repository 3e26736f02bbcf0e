// Random admin documents for the builder's property tests: automations, skill sets, contact
// groups and scripts with nested groups, unique ids and (sometimes) a layout.
import fc from 'fast-check';
import type { CondEl, Doc, GroupEl, StepEl } from '../../../admin-ui/src/builder/model/types.js';
import { idsOf } from '../../../admin-ui/src/builder/model/elements.js';
import { STEP_REFS } from '../../../admin-ui/src/builder/model/types.js';

type Shape = { leaf: true; fact: string; value: string } | { leaf: false; op: 'all' | 'any' | 'not'; members: Shape[] };

const shape: fc.Arbitrary<Shape> = fc.letrec<{ node: Shape }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ leaf: fc.constant(true as const), fact: fc.constantFrom('message.text', 'contact.language', 'channel.type'), value: fc.string({ maxLength: 6 }) }),
    fc.record({ leaf: fc.constant(false as const), op: fc.constantFrom('all' as const, 'any' as const, 'not' as const), members: fc.array(tie('node'), { maxLength: 3 }) }),
  ),
})).node;

function build(s: Shape, next: (p: string) => string): CondEl {
  if (s.leaf) return { id: next('c'), fact: s.fact, operator: 'contains', value: s.value };
  const id = next('g');
  if (s.op === 'not') return { id, not: s.members[0] ? build(s.members[0], next) : { id: next('c'), fact: 'message.text', operator: 'isSet' } };
  return { id, [s.op]: s.members.map((m) => build(m, next)) } as CondEl;
}

const rootShape = fc.record({ leaf: fc.constant(false as const), op: fc.constantFrom('all' as const, 'any' as const), members: fc.array(shape, { maxLength: 4 }) });

function counter() {
  let n = 0;
  return (p: string) => `${p}${++n}`;
}

const withLayout = (doc: Doc, yes: boolean): Doc => {
  if (!yes) return doc;
  const layout: Doc['layout'] = {};
  idsOf(doc).forEach((id, i) => (layout[id] = { x: i * 10, y: i * 7 }));
  return { ...doc, layout };
};

export const automation: fc.Arbitrary<Doc> = fc
  .record({
    root: rootShape,
    triggers: fc.subarray(['conversation.created', 'message.received', 'conversation.reopened']),
    actions: fc.array(fc.constantFrom('addTags', 'assignTeam', 'resolve', 'setPriority'), { maxLength: 4 }),
    stop: fc.boolean(),
    layout: fc.boolean(),
  })
  .map(({ root, triggers, actions, stop, layout }) => {
    const next = counter();
    const when = build(root, next) as Doc['when'];
    const then = actions.map((type) => ({ id: next('a'), type, ...(type === 'addTags' ? { tags: ['refund'] } : {}) }));
    return withLayout({ schema: 'switchboard.automation/1', name: 'A', enabled: true, triggers, when, then, stop }, layout);
  });

export const skillSet: fc.Arbitrary<Doc> = fc.record({ root: rootShape, layout: fc.boolean() }).map(({ root, layout }) =>
  withLayout({ schema: 'switchboard.skillset/1', name: 'S', enabled: false, when: build(root, counter()) as Doc['when'], target: { teamId: 't1' }, strategy: 'balanced' }, layout),
);

export const contactGroup: fc.Arbitrary<Doc> = fc.record({ root: rootShape, layout: fc.boolean() }).map(({ root, layout }) =>
  withLayout({ schema: 'switchboard.contactgroup/1', name: 'C', enabled: true, when: build(root, counter()) as Doc['when'] }, layout),
);

const STEP_KINDS = ['message', 'question', 'branch', 'setAttribute', 'handover', 'resolve'] as const;

export const script: fc.Arbitrary<Doc> = fc
  .record({
    kinds: fc.array(fc.constantFrom(...STEP_KINDS), { minLength: 0, maxLength: 6 }),
    links: fc.array(fc.nat(8), { minLength: 24, maxLength: 24 }),
    branchShapes: fc.array(rootShape, { minLength: 6, maxLength: 6 }),
    withWhen: fc.option(rootShape, { nil: undefined }),
    layout: fc.boolean(),
  })
  .map(({ kinds, links, branchShapes, withWhen, layout }) => {
    const next = counter();
    const ids = kinds.map(() => next('s'));
    let l = 0;
    // a link index past the list is no link, so steps sometimes have nowhere to go
    const pick = () => ids[links[l++ % links.length]!];
    const steps: StepEl[] = kinds.map((type, i) => {
      const step: StepEl = { id: ids[i]!, type, text: `t${i}` };
      if (type === 'branch') {
        step.branches = [{ id: next('b'), when: build(branchShapes[i]!, next) as GroupEl }];
        const to = pick();
        if (to) step.branches[0]!.next = to;
        const otherwise = pick();
        if (otherwise) step.otherwise = otherwise;
      } else if (type !== 'handover' && type !== 'resolve') {
        const to = pick();
        if (to) step.next = to;
      }
      if (type === 'question') {
        step.answer = 'choice';
        step.attribute = 'reason';
        step.choices = [{ id: next('k'), label: 'A', value: 'a' }];
        const invalid = pick();
        if (invalid) step.onInvalid = invalid;
      }
      return step;
    });
    const doc: Doc = { schema: 'switchboard.script/1', name: 'S', enabled: true, channels: [], hours: 'any', steps };
    if (ids[0]) doc.start = ids[0];
    if (withWhen) doc.when = build(withWhen, next) as Doc['when'];
    return withLayout(doc, layout);
  });

export const anyDocument = fc.oneof(automation, skillSet, contactGroup, script);

/** Ids unique; every step reference, `start` and layout key names something that exists. */
export function problemsOf(doc: Doc): string[] {
  const problems: string[] = [];
  const ids = idsOf(doc);
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) problems.push(`duplicate id ${id}`);
    seen.add(id);
  }
  const steps = new Set((doc.steps ?? []).map((s) => s.id));
  if (doc.start !== undefined && !steps.has(doc.start)) problems.push(`start names no step: ${doc.start}`);
  for (const s of doc.steps ?? []) {
    for (const ref of STEP_REFS) if (s[ref] !== undefined && !steps.has(s[ref]!)) problems.push(`${s.id}.${ref} names no step: ${s[ref]}`);
    for (const b of s.branches ?? []) if (b.next !== undefined && !steps.has(b.next)) problems.push(`${b.id}.next names no step: ${b.next}`);
  }
  const triggers = new Set((doc.triggers ?? []).map((t) => `trigger:${t}`));
  for (const key of Object.keys(doc.layout ?? {})) {
    if (!seen.has(key) && !key.startsWith('$') && !triggers.has(key)) problems.push(`layout keeps a position for ${key}, which is gone`);
  }
  const checkNot = (node: CondEl): void => {
    if ('not' in node && (node as { not?: CondEl }).not === undefined) problems.push(`${node.id} is a not of nothing`);
    for (const key of ['all', 'any'] as const) for (const m of ((node as Record<string, CondEl[]>)[key] ?? [])) checkNot(m);
    if ('not' in node && (node as { not?: CondEl }).not) checkNot((node as { not: CondEl }).not);
  };
  if (doc.when) checkNot(doc.when);
  for (const s of doc.steps ?? []) for (const b of s.branches ?? []) checkNot(b.when);
  return problems;
}

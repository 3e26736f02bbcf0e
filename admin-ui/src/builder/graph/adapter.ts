/**
 * The thin adapter between a document and the canvas: `toGraph` draws the document, `fromGraph`
 * reads it back (`fromGraph(toGraph(d))` equals `d`, which the unit tests check). The document is
 * the state; the graph is recomputed from it after every operation.
 */
import { clone } from '../model/clone.js';
import {
  groupOp,
  isGroupEl,
  SCHEMA,
  STEP_REFS,
  type ActionEl,
  type BranchEl,
  type CondEl,
  type Doc,
  type GroupEl,
  type Position,
  type StepEl,
  type StepRef,
} from '../model/types.js';
import { autoLayout, NODE_SIZE } from './layout.js';
import type { EdgeRole, Graph, GraphEdge, GraphNode, NodeData } from './types.js';

/** Fields drawn as nodes and edges; everything else stays in the envelope. */
const DRAWN = ['triggers', 'when', 'then', 'steps', 'start', 'layout'] as const;

interface Draft {
  nodes: Omit<GraphNode, 'position'>[];
  edges: GraphEdge[];
}

function edge(d: Draft, source: string, target: string, role: EdgeRole, index?: number): void {
  const id = `${role}:${source}->${target}${index === undefined ? '' : `#${index}`}`;
  d.edges.push(index === undefined ? { id, source, target, data: { role } } : { id, source, target, data: { role, index } });
}

function drawCondition(d: Draft, node: CondEl, root?: 'when' | 'branch'): void {
  if (!isGroupEl(node)) {
    d.nodes.push({ id: node.id, type: 'condition', data: { kind: 'condition', element: clone(node) } });
    return;
  }
  const op = groupOp(node);
  const { [op]: members, ...rest } = node as unknown as Record<string, unknown>;
  const data: NodeData = root ? { kind: 'group', op, rest: clone(rest), root } : { kind: 'group', op, rest: clone(rest) };
  d.nodes.push({ id: node.id, type: 'group', data });
  if (op === 'not') {
    if (members && typeof members === 'object' && !Array.isArray(members)) {
      drawCondition(d, members as CondEl);
      edge(d, node.id, (members as CondEl).id, 'not');
    }
    return;
  }
  (members as CondEl[]).forEach((m, i) => {
    drawCondition(d, m);
    edge(d, node.id, m.id, 'member', i);
  });
}

function drawSteps(d: Draft, doc: Doc): void {
  const steps = doc.steps ?? [];
  const ids = new Set(steps.map((s) => s.id));
  d.nodes.push({ id: '$selection', type: 'selection', data: doc.start !== undefined && !ids.has(doc.start) ? { kind: 'selection', danglingStart: doc.start } : { kind: 'selection' } });
  if (doc.start !== undefined && ids.has(doc.start)) edge(d, '$selection', doc.start, 'start');
  steps.forEach((step, index) => {
    const { branches, next, onInvalid, onTimeout, otherwise, ...element } = step;
    const refs: Partial<Record<StepRef, string | undefined>> = { next, onInvalid, onTimeout, otherwise };
    const dangling: Partial<Record<StepRef, string>> = {};
    for (const ref of STEP_REFS) {
      const target = refs[ref];
      if (target === undefined) continue;
      if (ids.has(target)) edge(d, step.id, target, ref);
      else dangling[ref] = target;
    }
    const data: NodeData = Object.keys(dangling).length ? { kind: 'step', element: clone(element), index, dangling } : { kind: 'step', element: clone(element), index };
    if (branches !== undefined) (data.element as Record<string, unknown>).$branches = true; // an empty list is kept as such
    d.nodes.push({ id: step.id, type: 'step', data });
    (branches ?? []).forEach((branch, i) => {
      const { when, next: to, ...rest } = branch;
      const bd: NodeData = to !== undefined && !ids.has(to) ? { kind: 'branch', element: clone(rest), index: i, dangling: { next: to } } : { kind: 'branch', element: clone(rest), index: i };
      d.nodes.push({ id: branch.id, type: 'branch', data: bd });
      edge(d, step.id, branch.id, 'branch', i);
      if (when) {
        drawCondition(d, when, 'branch');
        edge(d, branch.id, when.id, 'branchWhen');
      }
      if (to !== undefined && ids.has(to)) edge(d, branch.id, to, 'branchNext');
    });
  });
  if (doc.when) edge(d, '$selection', doc.when.id, 'selectionWhen');
}

function isDrawableGroup(when: unknown): when is GroupEl {
  return typeof when === 'object' && when !== null && !Array.isArray(when) && typeof (when as { id?: unknown }).id === 'string' && isGroupEl(when as CondEl);
}

export function toGraph(input: Doc): Graph {
  const d: Draft = { nodes: [], edges: [] };
  const doc: Doc = isDrawableGroup(input.when) ? input : { ...input, when: undefined };
  const source = input;
  const envelope: Record<string, unknown> = {};
  const drawnWhen = isDrawableGroup(source.when);
  for (const [k, v] of Object.entries(source)) {
    const drawn = (DRAWN as readonly string[]).includes(k) && !(k === 'start' && !Array.isArray(source.steps)) && !(k === 'when' && !drawnWhen);
    if (!drawn) envelope[k] = clone(v);
  }
  const isScript = doc.schema === SCHEMA.script;
  const has = {
    triggers: Array.isArray(doc.triggers),
    then: Array.isArray(doc.then),
    steps: Array.isArray(doc.steps),
    // not drawable (not a list): kept as is
    ...(doc.triggers !== undefined && !Array.isArray(doc.triggers) ? { triggersValue: doc.triggers } : {}),
    ...(doc.then !== undefined && !Array.isArray(doc.then) ? { thenValue: doc.then } : {}),
    ...(doc.steps !== undefined && !Array.isArray(doc.steps) ? { stepsValue: doc.steps } : {}),
  };
  if (doc.schema === SCHEMA.automation) {
    const triggers = Array.isArray(doc.triggers) ? doc.triggers : [];
    if (triggers.length === 0) d.nodes.push({ id: '$triggers', type: 'triggers', data: { kind: 'triggers' } });
    triggers.forEach((t, index) => {
      d.nodes.push({ id: `trigger:${t}`, type: 'trigger', data: { kind: 'trigger', trigger: t, index } });
      if (doc.when) edge(d, `trigger:${t}`, doc.when.id, 'trigger');
    });
  }
  if (doc.when) drawCondition(d, doc.when, 'when');
  if (Array.isArray(doc.then)) {
    let previous = doc.when?.id;
    doc.then.forEach((action, index) => {
      d.nodes.push({ id: action.id, type: 'action', data: { kind: 'action', element: clone(action), index } });
      if (previous !== undefined) edge(d, previous, action.id, 'then', index);
      previous = action.id;
    });
  }
  if (doc.schema === SCHEMA.skillSet) {
    d.nodes.push({ id: '$target', type: 'target', data: { kind: 'target' } });
    if (doc.when) edge(d, doc.when.id, '$target', 'target');
  }
  if (isScript) drawSteps(d, doc);

  const layout = doc.layout;
  // actions are laid out after the whole condition tree, not beside its members
  const firstAction = Array.isArray(doc.then) ? doc.then[0]?.id : undefined;
  const after = firstAction === undefined ? [] : d.nodes.filter((n) => n.type === 'condition' || n.type === 'group').map((n) => ({ source: n.id, target: firstAction }));
  const auto = autoLayout(
    d.nodes.map((n) => ({ id: n.id, ...NODE_SIZE })),
    d.edges,
    after,
    isScript ? 'TB' : 'LR',
  );
  const nodes: GraphNode[] = d.nodes.map((n) => ({ ...n, position: positionOf(layout, n.id) ?? auto[n.id] ?? { x: 0, y: 0 } }));
  const meta: Graph['meta'] = { envelope, has };
  if (layout !== undefined) meta.layout = clone(layout);
  return { nodes, edges: d.edges, meta };
}

function positionOf(layout: Doc['layout'], id: string): Position | undefined {
  const p = layout?.[id];
  return p && typeof p.x === 'number' && typeof p.y === 'number' ? { x: p.x, y: p.y } : undefined;
}

/** Reads the document back from a graph made by `toGraph` (structure from the edges). */
export function fromGraph(graph: Graph): Doc {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const out = (source: string, role: EdgeRole) =>
    graph.edges.filter((e) => e.source === source && e.data.role === role).sort((a, b) => (a.data.index ?? 0) - (b.data.index ?? 0));

  const readCondition = (id: string): CondEl => {
    const node = byId.get(id);
    if (!node) throw new Error(`the graph has an edge to ${id} but no such node`);
    const data = node.data;
    if (data.kind === 'condition') return clone(data.element);
    if (data.kind !== 'group') throw new Error(`${id} is not a condition or a group`);
    if (data.op === 'not') {
      const child = out(id, 'not')[0];
      return { ...clone(data.rest), ...(child ? { not: readCondition(child.target) } : {}) } as GroupEl;
    }
    return { ...clone(data.rest), [data.op]: out(id, 'member').map((e) => readCondition(e.target)) } as GroupEl;
  };

  const doc = clone(graph.meta.envelope) as Doc;
  const ofKind = <K extends NodeData['kind']>(kind: K) =>
    graph.nodes.filter((n): n is GraphNode & { data: Extract<NodeData, { kind: K }> } => n.data.kind === kind);

  const { has } = graph.meta;
  if (has.triggers) doc.triggers = ofKind('trigger').sort((a, b) => a.data.index - b.data.index).map((n) => n.data.trigger);
  else if (has.triggersValue !== undefined) doc.triggers = clone(has.triggersValue) as string[];

  const whenRoot = ofKind('group').find((n) => n.data.root === 'when');
  if (whenRoot) doc.when = readCondition(whenRoot.id) as GroupEl;

  if (has.then) doc.then = ofKind('action').sort((a, b) => a.data.index - b.data.index).map((n) => clone(n.data.element) as ActionEl);
  else if (has.thenValue !== undefined) doc.then = clone(has.thenValue) as ActionEl[];

  if (has.steps) {
    const selection = ofKind('selection')[0];
    const start = out('$selection', 'start')[0]?.target ?? selection?.data.danglingStart;
    if (start !== undefined) doc.start = start;
    doc.steps = ofKind('step')
      .sort((a, b) => a.data.index - b.data.index)
      .map((n) => {
        const { $branches, ...element } = clone(n.data.element) as Record<string, unknown>;
        const step = { ...element, ...(n.data.dangling ?? {}) } as StepEl;
        for (const ref of STEP_REFS) {
          const e = out(n.id, ref)[0];
          if (e) step[ref] = e.target;
        }
        if ($branches) {
          step.branches = out(n.id, 'branch').map((e) => {
            const bn = byId.get(e.target);
            if (!bn || bn.data.kind !== 'branch') throw new Error(`${e.target} is not a branch`);
            const branch = { ...clone(bn.data.element), ...(bn.data.dangling ?? {}) } as BranchEl;
            const when = out(bn.id, 'branchWhen')[0];
            if (when) branch.when = readCondition(when.target) as GroupEl;
            const next = out(bn.id, 'branchNext')[0];
            if (next) branch.next = next.target;
            return branch;
          });
        }
        return step;
      });
  } else if (has.stepsValue !== undefined) doc.steps = clone(has.stepsValue) as StepEl[];
  if (graph.meta.layout !== undefined) doc.layout = clone(graph.meta.layout);
  return doc;
}

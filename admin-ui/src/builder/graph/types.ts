import type { ActionEl, BranchEl, CondEl, ConditionEl, GroupOp, Position, StepEl, StepRef } from '../model/types.js';

/**
 * The canvas graph computed from a document. Every document element with an id is one node whose
 * id is the element id. A few nodes stand for parts of the document that have no id; their ids
 * start with `$` (reserved in documents) or `trigger:`:
 * - `trigger:<name>`: one per automation trigger (`trigger:message.received`); `$triggers` when
 *   an automation has none yet (a place to add one);
 * - `$target`: a skill set's target and strategy;
 * - `$selection`: a script's selection (channels, hours, condition) and where it starts.
 */
export type NodeData =
  | { kind: 'trigger'; trigger: string; index: number }
  | { kind: 'triggers' }
  | { kind: 'group'; op: GroupOp; rest: Record<string, unknown>; root?: 'when' | 'branch' }
  | { kind: 'condition'; element: ConditionEl }
  | { kind: 'action'; element: ActionEl; index: number }
  | { kind: 'step'; element: Omit<StepEl, StepRef | 'branches'>; index: number; dangling?: Partial<Record<StepRef, string>> }
  | { kind: 'branch'; element: Omit<BranchEl, 'when' | 'next'>; index: number; dangling?: { next?: string } }
  | { kind: 'target' }
  | { kind: 'selection'; danglingStart?: string };

export type NodeKind = NodeData['kind'];

/** What an edge stands for in the document. */
export type EdgeRole =
  | 'member' // group → member (index)
  | 'not' // not → its member
  | 'trigger' // trigger → the `when` group (drawn, no document field)
  | 'then' // `when` group or previous action → action (index)
  | 'target' // skill set `when` → $target (drawn)
  | StepRef // step → step
  | 'branch' // step → branch (index)
  | 'branchNext' // branch → step
  | 'branchWhen' // branch → its condition group
  | 'start' // $selection → first step
  | 'selectionWhen'; // $selection → the selection condition group

export interface GraphNode {
  id: string;
  type: NodeKind;
  position: Position;
  data: NodeData;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  data: { role: EdgeRole; index?: number };
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** What the graph does not draw: the envelope's other fields, and the stored layout as is. */
  meta: {
    envelope: Record<string, unknown>;
    layout?: Record<string, Position>;
    has: { triggers: boolean; then: boolean; steps: boolean; triggersValue?: unknown; thenValue?: unknown; stepsValue?: unknown };
  };
}

export type { CondEl };

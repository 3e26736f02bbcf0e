/**
 * The admin documents as the builder edits them (documents.md). Deliberately loose: a draft
 * being edited may be invalid (an empty group, a condition without a value), and the builder must
 * hold and show it. `rules/` validation says what is wrong; these types only give the shape.
 */

export const SCHEMA = {
  automation: 'switchboard.automation/1',
  skillSet: 'switchboard.skillset/1',
  contactGroup: 'switchboard.contactgroup/1',
  script: 'switchboard.script/1',
} as const;

export type GroupOp = 'all' | 'any' | 'not';

export interface ConditionEl {
  id: string;
  fact: string;
  operator: string;
  value?: unknown;
  [extra: string]: unknown;
}
export interface AllEl {
  id: string;
  all: CondEl[];
  [extra: string]: unknown;
}
export interface AnyEl {
  id: string;
  any: CondEl[];
  [extra: string]: unknown;
}
export interface NotEl {
  id: string;
  not: CondEl;
  [extra: string]: unknown;
}
export type GroupEl = AllEl | AnyEl | NotEl;
export type CondEl = ConditionEl | GroupEl;

export interface ActionEl {
  id: string;
  type: string;
  [field: string]: unknown;
}

export interface BranchEl {
  id: string;
  when: GroupEl;
  next?: string;
  [extra: string]: unknown;
}

export interface ChoiceEl {
  id: string;
  label: string;
  value: string;
}

export const STEP_TYPES = ['message', 'question', 'branch', 'setAttribute', 'handover', 'resolve'] as const;
export type StepType = (typeof STEP_TYPES)[number];

/** The fields of a step that name another step. */
export const STEP_REFS = ['next', 'onInvalid', 'onTimeout', 'otherwise'] as const;
export type StepRef = (typeof STEP_REFS)[number];

export interface StepEl {
  id: string;
  type: StepType;
  next?: string;
  onInvalid?: string;
  onTimeout?: string;
  otherwise?: string;
  branches?: BranchEl[];
  choices?: ChoiceEl[];
  [field: string]: unknown;
}

export interface Position {
  x: number;
  y: number;
}

export interface Doc {
  schema: string;
  name: string;
  enabled: boolean;
  layout?: Record<string, Position>;
  // automation
  triggers?: string[];
  then?: ActionEl[];
  stop?: boolean;
  // automation, skill set, contact group; optional selection condition of a script
  when?: GroupEl;
  // skill set
  target?: { teamId: string } | { userIds: string[] };
  strategy?: string;
  // script
  channels?: string[];
  hours?: string;
  start?: string;
  steps?: StepEl[];
  [extra: string]: unknown;
}

export type DocKind = 'automations' | 'scripts' | 'skill-sets' | 'contact-groups';

export const KIND_SCHEMA: Record<DocKind, string> = {
  automations: SCHEMA.automation,
  scripts: SCHEMA.script,
  'skill-sets': SCHEMA.skillSet,
  'contact-groups': SCHEMA.contactGroup,
};

export function kindOf(doc: Doc): DocKind {
  const found = (Object.keys(KIND_SCHEMA) as DocKind[]).find((k) => KIND_SCHEMA[k] === doc.schema);
  return found ?? 'automations';
}

export function isGroupEl(node: CondEl): node is GroupEl {
  return 'all' in node || 'any' in node || 'not' in node;
}

export function groupOp(group: GroupEl): GroupOp {
  return 'all' in group ? 'all' : 'any' in group ? 'any' : 'not';
}

/** The members of a group, whatever its kind (a `not` has one). */
export function membersOf(group: GroupEl): CondEl[] {
  if ('all' in group) return (group as AllEl).all;
  if ('any' in group) return (group as AnyEl).any;
  const not = (group as NotEl).not;
  return not ? [not] : [];
}

/**
 * The admin documents (documents.md), declared once. `validate.ts` is the only way from
 * untrusted JSON to these types. Unknown extra fields are allowed (the format only grows);
 * `layout` is kept beside the logic and never read by the evaluators.
 */
import type { Priority } from './facts.js';
import type { OperatorName } from './operators.js';
import { SCRIPT_SCHEMA, type ScriptDocument } from './script-document.js';

export const SCHEMAS = {
  automation: 'switchboard.automation/1',
  skillSet: 'switchboard.skillset/1',
  contactGroup: 'switchboard.contactgroup/1',
  script: SCRIPT_SCHEMA,
} as const;
export type SchemaName = (typeof SCHEMAS)[keyof typeof SCHEMAS];

export const TRIGGERS = [
  'conversation.created',
  'message.received',
  'conversation.reopened',
  'conversation.assigned',
  'conversation.resolved',
] as const;
export type Trigger = (typeof TRIGGERS)[number];

export type ScalarValue = string | number | boolean;
export type ConditionValue = ScalarValue | readonly ScalarValue[] | null;

export interface Condition {
  readonly id: string;
  readonly fact: string;
  readonly operator: OperatorName;
  /** Absent for `isSet` / `isNotSet`. */
  readonly value?: ConditionValue;
}
export interface AllGroup {
  readonly id: string;
  readonly all: readonly ConditionNode[];
}
export interface AnyGroup {
  readonly id: string;
  readonly any: readonly ConditionNode[];
}
export interface NotGroup {
  readonly id: string;
  readonly not: ConditionNode;
}
export type Group = AllGroup | AnyGroup | NotGroup;
export type ConditionNode = Condition | Group;

export function isGroup(node: ConditionNode): node is Group {
  return 'all' in node || 'any' in node || 'not' in node;
}

export type Action =
  | { readonly id: string; readonly type: 'addTags'; readonly tags: readonly string[] }
  | { readonly id: string; readonly type: 'removeTags'; readonly tags: readonly string[] }
  | { readonly id: string; readonly type: 'setTopic'; readonly topicId: string }
  | { readonly id: string; readonly type: 'setPriority'; readonly priority: Priority }
  | { readonly id: string; readonly type: 'assignTeam'; readonly teamId: string }
  | { readonly id: string; readonly type: 'assignUser'; readonly userId: string }
  | { readonly id: string; readonly type: 'resolve'; readonly reasonId?: string }
  | { readonly id: string; readonly type: 'sendSavedReply'; readonly savedReplyId: string }
  | { readonly id: string; readonly type: 'setContactAttribute'; readonly key: string; readonly value: ScalarValue };
export type ActionType = Action['type'];

export type Layout = Readonly<Record<string, unknown>>;

interface Envelope {
  readonly name: string;
  readonly enabled: boolean;
  readonly layout?: Layout;
}

export interface AutomationDocument extends Envelope {
  readonly schema: typeof SCHEMAS.automation;
  readonly triggers: readonly Trigger[];
  readonly when: Group;
  readonly then: readonly Action[];
  readonly stop: boolean;
}

export type SkillSetTarget = { readonly teamId: string } | { readonly userIds: readonly string[] };
export const STRATEGIES = ['balanced', 'roundRobin'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface SkillSetDocument extends Envelope {
  readonly schema: typeof SCHEMAS.skillSet;
  readonly when: Group;
  readonly target: SkillSetTarget;
  readonly strategy: Strategy;
}

export interface ContactGroupDocument extends Envelope {
  readonly schema: typeof SCHEMAS.contactGroup;
  readonly when: Group;
}

export type Document = AutomationDocument | SkillSetDocument | ContactGroupDocument | ScriptDocument;
export type { ScriptDocument };

/** One published document of a set, in list order. `id` is the stored document's id. */
export interface PublishedDocument<D extends Document> {
  readonly id: string;
  readonly version?: number;
  readonly document: D;
}

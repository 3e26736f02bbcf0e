/**
 * Autoresponder scripts (documents.md "Scripts"), declared once: steps, answers, selection.
 * `validate.ts` (through `script-validate.ts`) is the only way from untrusted JSON to these
 * types; `script-machine.ts` runs them.
 */
import type { Group, ScalarValue } from './document.js';

export const SCRIPT_SCHEMA = 'switchboard.script/1';

export const ANSWER_TYPES = ['text', 'number', 'email', 'phone', 'date', 'choice'] as const;
export type AnswerType = (typeof ANSWER_TYPES)[number];

export const SCRIPT_HOURS = ['open', 'closed', 'any'] as const;
export type ScriptHours = (typeof SCRIPT_HOURS)[number];

export const STEP_TYPES = ['message', 'question', 'branch', 'setAttribute', 'handover', 'resolve'] as const;
export type StepType = (typeof STEP_TYPES)[number];

/** A question's defaults when the document leaves them out. */
export const QUESTION_DEFAULTS = { maxAttempts: 2, timeoutSeconds: 900 } as const;

export interface Choice {
  readonly id: string;
  readonly label: string;
  /** What the answer stores in the attribute. */
  readonly value: string;
}

export interface MessageStep {
  readonly id: string;
  readonly type: 'message';
  readonly text: string;
  readonly next: string;
}
export interface QuestionStep {
  readonly id: string;
  readonly type: 'question';
  readonly text: string;
  readonly answer: AnswerType;
  /** `choice` questions only (non-empty). */
  readonly choices?: readonly Choice[];
  /** The contact attribute a valid answer sets. */
  readonly attribute: string;
  readonly retryText?: string;
  readonly maxAttempts?: number;
  readonly timeoutSeconds?: number;
  readonly next: string;
  /** Absent: hand over. */
  readonly onInvalid?: string;
  /** Absent: hand over. */
  readonly onTimeout?: string;
}
export interface Branch {
  readonly id: string;
  readonly when: Group;
  readonly next: string;
}
export interface BranchStep {
  readonly id: string;
  readonly type: 'branch';
  /** Tried in order; the first whose `when` holds is taken. */
  readonly branches: readonly Branch[];
  readonly otherwise: string;
}
export interface SetAttributeStep {
  readonly id: string;
  readonly type: 'setAttribute';
  readonly key: string;
  readonly value: ScalarValue;
  readonly next: string;
}
export interface HandoverStep {
  readonly id: string;
  readonly type: 'handover';
  /** Absent: routed by the skill sets. */
  readonly teamId?: string;
  readonly text?: string;
}
export interface ResolveStep {
  readonly id: string;
  readonly type: 'resolve';
  readonly reasonId?: string;
  readonly text?: string;
}
export type ScriptStep = MessageStep | QuestionStep | BranchStep | SetAttributeStep | HandoverStep | ResolveStep;

export interface ScriptDocument {
  readonly schema: typeof SCRIPT_SCHEMA;
  readonly name: string;
  readonly enabled: boolean;
  readonly layout?: Readonly<Record<string, unknown>>;
  /** Channel ids; empty or absent: every channel. */
  readonly channels?: readonly string[];
  /** The channel's business hours at selection; absent: `any`. */
  readonly hours?: ScriptHours;
  /** Optional selection condition over the usual facts; an empty root `all` always holds. */
  readonly when?: Group;
  readonly start: string;
  readonly steps: readonly ScriptStep[];
}

/** The step ids a step may go to, each with the field naming it (for validation messages). */
export function stepTargets(step: ScriptStep): { readonly field: string; readonly target: string; readonly elementId: string }[] {
  const out: { field: string; target: string; elementId: string }[] = [];
  const add = (field: string, target: unknown, elementId = step.id) => {
    if (typeof target === 'string') out.push({ field, target, elementId });
  };
  switch (step.type) {
    case 'message':
    case 'setAttribute':
      add('next', step.next);
      break;
    case 'question':
      add('next', step.next);
      add('onInvalid', step.onInvalid);
      add('onTimeout', step.onTimeout);
      break;
    case 'branch':
      (Array.isArray(step.branches) ? step.branches : []).forEach((b, i) => add(`branches[${i}].next`, b?.next, typeof b?.id === 'string' ? b.id : step.id));
      add('otherwise', step.otherwise);
      break;
    case 'handover':
    case 'resolve':
      break;
  }
  return out;
}

/**
 * The script step machine: pure and deterministic (no I/O, clock or randomness), so the
 * conversation workflow and `POST /api/scripts/test` drive the very same logic. Each call takes
 * the document, the state (small, JSON-serialisable: carried across continue-as-new) and an
 * event, and answers the next state and the effects for the caller to carry out, in order.
 *
 * How a script ends (`end.reason`, the `script.ended` reason of documents.md):
 * - a `handover` step: `handover` (to its `teamId`, else by the skill sets);
 * - a `resolve` step: `resolved` (with its `reasonId`);
 * - a question times out with no `onTimeout`: `timeout`, and the conversation is handed over
 *   (no team: the skill sets route it); answers exhausted with no `onInvalid`: `invalid`, handed
 *   over likewise. Both carry `handover: true`.
 * - when `onTimeout` / `onInvalid` name a step, the script goes on there (a `timedOut` effect
 *   marks the timeout) and ends with the reason of the step it finally reaches.
 * - `agent` and `window` are decided by the workflow (an agent acted, the channel's window
 *   refused a send), never here.
 * A step id the document does not hold, or a loop without a question (both refused by
 * validation), ends the script with a handover rather than failing the workflow.
 *
 * Driving it (the workflow; the test endpoint through `simulateScript`):
 * - `startScript(doc, facts)` once `selectScript` chose `doc`; then `answerScript(doc, state, text,
 *   facts)` for each customer message while `state.status` is `waiting`, `timeoutScript` when the
 *   last `ask`'s timer fires, `stopScript(state, 'agent' | 'window')` when the workflow stops it.
 * - Carry out the effects in order: `send` under the standard window only; `answered` and
 *   `setAttribute` write the contact attribute (`answered` also audits `script.answered`);
 *   `invalidAnswer` audits `script.invalidAnswer`; `ask` (re)starts the question's timer;
 *   `end` audits `script.ended { reason }`, then routes (`handover`, to `teamId` if given) or
 *   resolves (`reason: 'resolved'`, with `reasonId`). `timedOut` and `branched` are informative.
 */
import type { ScalarValue } from './document.js';
import { evaluateCondition } from './evaluate.js';
import { ATTRIBUTE_PREFIX, type Facts } from './facts.js';
import { parseAnswer } from './answers.js';
import { QUESTION_DEFAULTS, type QuestionStep, type ScriptDocument, type ScriptStep } from './script-document.js';

export type ScriptEndReason = 'handover' | 'resolved' | 'agent' | 'timeout' | 'invalid' | 'window';

/** Attributes the script set so far, by key (answers and setAttribute steps). */
export type ScriptAttributes = Readonly<Record<string, ScalarValue>>;

export type ScriptState =
  /** Waiting at question `stepId` for the customer; `attempts` invalid answers so far. */
  | { readonly status: 'waiting'; readonly stepId: string; readonly attempts: number; readonly attributes: ScriptAttributes }
  | { readonly status: 'ended'; readonly stepId: string; readonly reason: ScriptEndReason; readonly attributes: ScriptAttributes };

export type ScriptEffect =
  | { readonly type: 'send'; readonly stepId: string; readonly text: string }
  | { readonly type: 'setAttribute'; readonly stepId: string; readonly key: string; readonly value: ScalarValue }
  /** Wait for the customer's answer to `stepId`, at most `timeoutSeconds` (then call `timeoutScript`). */
  | { readonly type: 'ask'; readonly stepId: string; readonly timeoutSeconds: number }
  /** A valid answer: store `value` in the contact attribute `attribute` (no separate setAttribute). */
  | { readonly type: 'answered'; readonly stepId: string; readonly attribute: string; readonly value: ScalarValue }
  | { readonly type: 'invalidAnswer'; readonly stepId: string; readonly attempt: number }
  | { readonly type: 'timedOut'; readonly stepId: string }
  /** Which branch a branch step took (`branchId` null: `otherwise`). */
  | { readonly type: 'branched'; readonly stepId: string; readonly branchId: string | null }
  | {
      readonly type: 'end';
      readonly stepId: string;
      readonly reason: ScriptEndReason;
      /** The conversation is to be routed (to `teamId` when given, else by the skill sets). */
      readonly handover: boolean;
      readonly teamId?: string;
      /** The conversation is to be resolved (`resolved`), with this reason when given. */
      readonly reasonId?: string;
    };

export interface ScriptTurn {
  readonly state: ScriptState;
  readonly effects: readonly ScriptEffect[];
}

/** The text a question sends: a choice question lists its choices by position ("1. Commande"). */
export function questionText(step: QuestionStep, text = step.text): string {
  if (step.answer !== 'choice' || !step.choices?.length) return text;
  return `${text}\n${step.choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n')}`;
}

/** The facts a branch sees: the conversation's, with the attributes the script set on top. */
export function scriptFacts(facts: Facts, attributes: ScriptAttributes): Facts {
  const out: Record<string, Facts[string]> = { ...facts };
  for (const [key, value] of Object.entries(attributes)) out[`${ATTRIBUTE_PREFIX}${key}`] = value;
  return out;
}

/** Starts `doc` at its `start` step. `facts`: the conversation's facts, for branches. */
export function startScript(doc: ScriptDocument, facts: Facts = {}): ScriptTurn {
  return run(doc, doc.start, {}, facts, []);
}

/** The customer's answer `text` to the waiting question; nothing happens when none waits. */
export function answerScript(doc: ScriptDocument, state: ScriptState, text: string, facts: Facts = {}): ScriptTurn {
  const step = waitingQuestion(doc, state);
  if (!step || state.status !== 'waiting') return { state, effects: [] };
  const value = parseAnswer(step, text);
  if (value !== undefined) {
    const attributes = { ...state.attributes, [step.attribute]: value };
    return run(doc, step.next, attributes, facts, [{ type: 'answered', stepId: step.id, attribute: step.attribute, value }]);
  }
  const attempt = state.attempts + 1;
  const effects: ScriptEffect[] = [{ type: 'invalidAnswer', stepId: step.id, attempt }];
  if (attempt >= (step.maxAttempts ?? QUESTION_DEFAULTS.maxAttempts)) {
    if (step.onInvalid === undefined) return ended(step.id, 'invalid', state.attributes, effects);
    return run(doc, step.onInvalid, state.attributes, facts, effects);
  }
  effects.push(
    { type: 'send', stepId: step.id, text: questionText(step, step.retryText ?? step.text) },
    { type: 'ask', stepId: step.id, timeoutSeconds: timeoutOf(step) },
  );
  return { state: { ...state, attempts: attempt }, effects };
}

/** The waiting question's timeout fired; nothing happens when none waits. */
export function timeoutScript(doc: ScriptDocument, state: ScriptState, facts: Facts = {}): ScriptTurn {
  const step = waitingQuestion(doc, state);
  if (!step) return { state, effects: [] };
  const effects: ScriptEffect[] = [{ type: 'timedOut', stepId: step.id }];
  if (step.onTimeout === undefined) return ended(step.id, 'timeout', state.attributes, effects);
  return run(doc, step.onTimeout, state.attributes, facts, effects);
}

/** The workflow stops the script (an agent acted, the window refused a send): no more effects. */
export function stopScript(state: ScriptState, reason: 'agent' | 'window'): ScriptTurn {
  if (state.status === 'ended') return { state, effects: [] };
  return { state: { status: 'ended', stepId: state.stepId, reason, attributes: state.attributes }, effects: [] };
}

function waitingQuestion(doc: ScriptDocument, state: ScriptState): QuestionStep | undefined {
  if (state.status !== 'waiting') return undefined;
  const step = doc.steps.find((s) => s.id === state.stepId);
  return step?.type === 'question' ? step : undefined;
}

const timeoutOf = (step: QuestionStep): number => step.timeoutSeconds ?? QUESTION_DEFAULTS.timeoutSeconds;

function ended(
  stepId: string,
  reason: ScriptEndReason,
  attributes: ScriptAttributes,
  effects: ScriptEffect[],
  extra: { teamId?: string; reasonId?: string } = {},
): ScriptTurn {
  effects.push({ type: 'end', stepId, reason, handover: reason !== 'resolved', ...extra });
  return { state: { status: 'ended', stepId, reason, attributes }, effects };
}

/** Runs steps from `stepId` until a question waits or the script ends. */
function run(doc: ScriptDocument, stepId: string, attributes: ScriptAttributes, facts: Facts, effects: ScriptEffect[]): ScriptTurn {
  const byId = new Map<string, ScriptStep>(doc.steps.map((s) => [s.id, s]));
  let attrs = attributes;
  let at = stepId;
  // a valid script never passes a step twice without waiting; the bound stops an invalid one
  for (let guard = 0; guard <= doc.steps.length; guard += 1) {
    const step = byId.get(at);
    if (!step) return ended(at, 'handover', attrs, effects);
    switch (step.type) {
      case 'message':
        effects.push({ type: 'send', stepId: step.id, text: step.text });
        at = step.next;
        break;
      case 'setAttribute':
        attrs = { ...attrs, [step.key]: step.value };
        effects.push({ type: 'setAttribute', stepId: step.id, key: step.key, value: step.value });
        at = step.next;
        break;
      case 'branch': {
        const seen = scriptFacts(facts, attrs);
        const taken = step.branches.find((b) => evaluateCondition(b.when, seen));
        effects.push({ type: 'branched', stepId: step.id, branchId: taken?.id ?? null });
        at = taken ? taken.next : step.otherwise;
        break;
      }
      case 'question':
        effects.push(
          { type: 'send', stepId: step.id, text: questionText(step) },
          { type: 'ask', stepId: step.id, timeoutSeconds: timeoutOf(step) },
        );
        return { state: { status: 'waiting', stepId: step.id, attempts: 0, attributes: attrs }, effects };
      case 'handover':
        if (step.text !== undefined) effects.push({ type: 'send', stepId: step.id, text: step.text });
        return ended(step.id, 'handover', attrs, effects, step.teamId === undefined ? {} : { teamId: step.teamId });
      case 'resolve':
        if (step.text !== undefined) effects.push({ type: 'send', stepId: step.id, text: step.text });
        return ended(step.id, 'resolved', attrs, effects, step.reasonId === undefined ? {} : { reasonId: step.reasonId });
    }
  }
  return ended(at, 'handover', attrs, effects);
}

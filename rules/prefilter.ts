/**
 * Which automations of a compiled set could fire for one evaluation, decided before the engine
 * runs: json-rules-engine copies every rule's conditions on every run, so with hundreds of
 * automations the rules that cannot fire cost more than the ones that can.
 *
 * An automation cannot fire when none of its triggers is present, or when a condition it
 * requires fails. A condition is required when it is reached from the root through `all` groups
 * only (never under `any` or `not`), and its answer is known before the run when its fact is one
 * no action changes during an evaluation (the message, the channel, the conversation's kind):
 * such a condition is tested here with the very operator the engine would use.
 *
 * Most automations look for words, so those are indexed: each automation is filed under the
 * longest text its required `contains` / `startsWith` conditions need in the message, and one
 * `includes` per distinct text (not per automation) finds the candidates.
 */
import { isGroup, type AutomationDocument, type Condition, type Group, type Trigger } from './document.js';
import type { Facts } from './facts.js';
import { fold } from './fold.js';
import { operators, type OperatorName } from './operators.js';

/** The facts an action never changes (actions.ts writes tags, topic, priority, contact attributes). */
const FIXED_FACTS = new Set(['message.text', 'channel.id', 'channel.type', 'conversation.kind']);
/** Operators whose success implies the folded message contains their folded value. */
const NEEDS_TEXT = new Set<OperatorName>(['contains', 'startsWith']);

interface Entry {
  readonly triggers: readonly Trigger[];
  /** Required conditions on fixed facts, tested before the engine runs. */
  readonly required: readonly Condition[];
}

export interface Prefilter {
  /** Indexes (ascending, into the compiled list) of the automations that may fire. */
  candidates(facts: Facts, triggers: readonly Trigger[]): number[];
}

function requiredConditions(group: Group): Condition[] {
  if (!('all' in group)) return [];
  const out: Condition[] = [];
  for (const child of group.all) {
    if (isGroup(child)) out.push(...requiredConditions(child));
    else if (FIXED_FACTS.has(child.fact)) out.push(child);
  }
  return out;
}

/** The longest folded text one of `required` needs in the message, if any. */
function keyText(required: readonly Condition[]): string | undefined {
  let key: string | undefined;
  for (const c of required) {
    if (c.fact !== 'message.text' || !NEEDS_TEXT.has(c.operator as OperatorName) || typeof c.value !== 'string') continue;
    const text = fold(c.value);
    if (text !== '' && (key === undefined || text.length > key.length)) key = text;
  }
  return key;
}

/** As operators.ts reads a text fact. */
function textOf(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  if (typeof x === 'number' || typeof x === 'boolean') return String(x);
  return undefined;
}

export function buildPrefilter(documents: readonly AutomationDocument[]): Prefilter {
  const entries: Entry[] = documents.map((d) => ({ triggers: d.triggers, required: requiredConditions(d.when) }));
  const byText = new Map<string, number[]>();
  const unkeyed: number[] = [];
  entries.forEach((entry, index) => {
    const key = keyText(entry.required);
    if (key === undefined) unkeyed.push(index);
    else {
      const list = byText.get(key);
      if (list) list.push(index);
      else byText.set(key, [index]);
    }
  });
  const texts = [...byText.entries()];

  const possible = (entry: Entry, facts: Facts, triggers: readonly Trigger[]) =>
    entry.triggers.some((t) => triggers.includes(t)) &&
    entry.required.every((c) => operators[c.operator as OperatorName].test(facts[c.fact], c.value));

  return {
    candidates(facts, triggers) {
      const text = textOf(facts['message.text']);
      const folded = text === undefined ? undefined : fold(text);
      const found = [...unkeyed];
      if (folded !== undefined) for (const [key, list] of texts) if (folded.includes(key)) found.push(...list);
      if (found.length !== unkeyed.length) found.sort((a, b) => a - b);
      return found.filter((index) => possible(entries[index], facts, triggers));
    },
  };
}

/**
 * The condition operators. Each states the fact types it accepts (a mismatch is a lookup in
 * `accepts`) and the kind of `value` it compares with. Every comparison of text ignores case
 * and accents (`fold`); ids and list elements are compared the same way, which is harmless for
 * opaque ids and what tag names need.
 *
 * `createEngineOperators()` turns them into json-rules-engine `Operator`s, registered on each
 * engine we build (never on a shared global), so the engine's own operators of the same names
 * (case-sensitive `equal`, `contains` on arrays…) are replaced by these.
 */
import { Operator } from 'json-rules-engine';
import type { FactType } from './facts.js';
import { fold } from './fold.js';
import { compilePattern, MAX_MATCH_INPUT } from './regex-guard.js';

/**
 * What `value` must be:
 * - `scalar`: one value of the fact's own type (`enum` facts: one of their values);
 * - `scalars`: a non-empty array of those;
 * - `text`: a string; `pattern`: a string holding a guarded regular expression;
 * - `number`: a finite number; `element`: one list element (a name or id);
 * - `none`: no value.
 */
export type ValueKind = 'scalar' | 'scalars' | 'text' | 'pattern' | 'number' | 'element' | 'none';

export interface OperatorSpec {
  readonly accepts: readonly FactType[];
  readonly value: ValueKind;
  /** `fact` is whatever the facts hold (maybe undefined); `value` has passed validation. */
  readonly test: (fact: unknown, value: unknown) => boolean;
}

const SCALAR_TYPES: readonly FactType[] = ['text', 'id', 'enum', 'number', 'duration', 'boolean', 'attribute'];
const TEXT_TYPES: readonly FactType[] = ['text', 'attribute'];
const NUMBER_TYPES: readonly FactType[] = ['number', 'duration', 'attribute'];
const ALL_TYPES: readonly FactType[] = [...SCALAR_TYPES, 'list'];

/** Two scalars are the same: text folded; a number equals a numeric string (attributes). */
export function sameScalar(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return fold(a) === fold(b);
  if (typeof a === 'number' && typeof b === 'string') return asNumber(b) === a;
  if (typeof a === 'string' && typeof b === 'number') return asNumber(a) === b;
  return a === b && a !== undefined;
}

/** A number, or a numeric string (contact attributes often arrive as text); otherwise undefined. */
export function asNumber(x: unknown): number | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? x : undefined;
  if (typeof x === 'string' && x.trim() !== '') {
    const n = Number(x);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function isSet(x: unknown): boolean {
  if (x === undefined || x === null) return false;
  if (typeof x === 'string') return x.trim() !== '';
  if (Array.isArray(x)) return x.length > 0;
  return true;
}

function textOf(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  if (typeof x === 'number' || typeof x === 'boolean') return String(x);
  return undefined;
}

function contains(fact: unknown, value: unknown): boolean {
  const text = textOf(fact);
  return text !== undefined && fold(text).includes(fold(String(value)));
}

function listIncludes(fact: unknown, value: unknown): boolean {
  return Array.isArray(fact) && fact.some((element) => sameScalar(element, value));
}

function compare(test: (f: number, v: number) => boolean) {
  return (fact: unknown, value: unknown): boolean => {
    const f = asNumber(fact);
    return f !== undefined && typeof value === 'number' && test(f, value);
  };
}

/** Compiled patterns, shared (RegExp without `g`/`y` keeps no state between `test` calls). */
const patterns = new Map<string, RegExp>();
function matches(fact: unknown, value: unknown): boolean {
  const text = textOf(fact);
  if (text === undefined || typeof value !== 'string') return false;
  let re = patterns.get(value);
  if (!re) {
    re = compilePattern(value);
    if (patterns.size > 1000) patterns.clear();
    patterns.set(value, re);
  }
  return re.test(fold(text.slice(0, MAX_MATCH_INPUT)));
}

export const operators = {
  equal: { accepts: SCALAR_TYPES, value: 'scalar', test: (f, v) => sameScalar(f, v) },
  notEqual: { accepts: SCALAR_TYPES, value: 'scalar', test: (f, v) => !sameScalar(f, v) },
  in: {
    accepts: SCALAR_TYPES,
    value: 'scalars',
    test: (f, v) => Array.isArray(v) && v.some((x) => sameScalar(f, x)),
  },
  notIn: {
    accepts: SCALAR_TYPES,
    value: 'scalars',
    test: (f, v) => !(Array.isArray(v) && v.some((x) => sameScalar(f, x))),
  },
  contains: { accepts: TEXT_TYPES, value: 'text', test: contains },
  notContains: { accepts: TEXT_TYPES, value: 'text', test: (f, v) => !contains(f, v) },
  startsWith: {
    accepts: TEXT_TYPES,
    value: 'text',
    test: (f, v) => {
      const text = textOf(f);
      return text !== undefined && fold(text).startsWith(fold(String(v)));
    },
  },
  matches: { accepts: TEXT_TYPES, value: 'pattern', test: matches },
  isSet: { accepts: ALL_TYPES, value: 'none', test: (f) => isSet(f) },
  isNotSet: { accepts: ALL_TYPES, value: 'none', test: (f) => !isSet(f) },
  greaterThan: { accepts: NUMBER_TYPES, value: 'number', test: compare((f, v) => f > v) },
  greaterThanOrEqual: { accepts: NUMBER_TYPES, value: 'number', test: compare((f, v) => f >= v) },
  lessThan: { accepts: NUMBER_TYPES, value: 'number', test: compare((f, v) => f < v) },
  lessThanOrEqual: { accepts: NUMBER_TYPES, value: 'number', test: compare((f, v) => f <= v) },
  includes: { accepts: ['list'], value: 'element', test: listIncludes },
  excludes: { accepts: ['list'], value: 'element', test: (f, v) => !listIncludes(f, v) },
} as const satisfies Record<string, OperatorSpec>;

export type OperatorName = keyof typeof operators;

export function isOperatorName(name: string): name is OperatorName {
  return Object.prototype.hasOwnProperty.call(operators, name);
}

/** Fresh json-rules-engine operators, one set per engine. */
export function createEngineOperators(): Operator[] {
  return (Object.keys(operators) as OperatorName[]).map(
    (name) => new Operator(name, (fact: unknown, value: unknown) => operators[name].test(fact, value)),
  );
}

/**
 * Guard for the `matches` operator against catastrophic backtracking.
 *
 * At validation a pattern is refused when it
 * - does not compile,
 * - is longer than MAX_PATTERN_LENGTH,
 * - repeats a group that itself contains a repetition (nested quantifiers: `(a+)+`, `(\w*)*`,
 *   `(?:x{2,})+`) — the classic exponential shapes,
 * - uses a back-reference (`\1`, `\k<name>`), which makes matching NP-hard.
 * At evaluation the input is cut to MAX_MATCH_INPUT characters, which bounds the cost of the
 * remaining polynomial shapes (e.g. `\s*\s*$`).
 */
import { stripAccents } from './fold.js';

export const MAX_PATTERN_LENGTH = 500;
export const MAX_MATCH_INPUT = 2000;

/** Returns why `pattern` is refused, or `undefined` when it is accepted. */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.length === 0) return 'the regular expression is empty';
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `the regular expression is longer than ${MAX_PATTERN_LENGTH} characters`;
  }
  try {
    new RegExp(pattern);
  } catch (error) {
    return `the regular expression does not compile: ${(error as Error).message}`;
  }
  return structuralProblem(pattern);
}

interface Frame {
  /** The group contains a quantifier of variable count (`*`, `+`, `?`, `{n,}`, `{n,m}` with m > n). */
  repeats: boolean;
}

interface Quantifier {
  readonly length: number;
  /** May match more than once (`*`, `+`, `{n,}`, `{n,m}` with m > 1). */
  readonly repeats: boolean;
  /** The number of matches varies (`(aa)+` is safe, `(a{2})+` too, `(a?)+` is not). */
  readonly variable: boolean;
}

/** Reads the quantifier at `i`, if any. */
function quantifierAt(pattern: string, i: number): Quantifier | undefined {
  const c = pattern[i];
  let length = 1;
  let min = 0;
  let max = Infinity;
  if (c === '+') min = 1;
  else if (c === '?') max = 1;
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
    if (!m) return undefined;
    length = m[0].length;
    min = Number(m[1]);
    max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
  } else if (c !== '*') return undefined;
  if (pattern[i + length] === '?') length += 1; // lazy modifier
  return { length, repeats: max > 1, variable: max !== min };
}

function structuralProblem(pattern: string): string | undefined {
  const stack: Frame[] = [{ repeats: false }];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return 'back-references are not allowed';
      i += 2;
    } else if (c === '[') {
      // character class: skip to its closing bracket, honouring escapes
      i += 1;
      if (pattern[i] === '^') i += 1;
      if (pattern[i] === ']') i += 1;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i += 1;
    } else if (c === '(') {
      stack.push({ repeats: false });
      i += 1;
      if (pattern[i] === '?') {
        // (?: (?= (?! (?<= (?<! (?<name>
        i += 1;
        if (pattern[i] === '<' && pattern[i + 1] !== '=' && pattern[i + 1] !== '!') {
          const close = pattern.indexOf('>', i);
          i = close < 0 ? pattern.length : close + 1;
        } else {
          i += pattern[i] === '<' ? 2 : 1;
        }
      }
      continue;
    } else if (c === ')') {
      const group = stack.length > 1 ? stack.pop()! : { repeats: false };
      i += 1;
      const q = quantifierAt(pattern, i);
      if (q) {
        if (q.repeats && group.repeats) {
          return 'nested quantifiers (a repeated group that contains a repetition, like (a+)+) can make matching take forever';
        }
        i += q.length;
      }
      const parent = stack[stack.length - 1]!;
      parent.repeats = parent.repeats || group.repeats || (q?.variable ?? false);
      continue;
    } else {
      i += 1;
    }
    const q = quantifierAt(pattern, i);
    if (q) {
      if (q.variable) stack[stack.length - 1]!.repeats = true;
      i += q.length;
    }
  }
  return undefined;
}

/**
 * Compiles an accepted pattern for evaluation: accents are dropped from the pattern (the input is
 * folded), and case is ignored by the `i` flag (lower-casing the pattern would break `\D`, `\S`…).
 */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(stripAccents(pattern), 'i');
}

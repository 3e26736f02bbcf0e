/**
 * Reading a customer's answer to a script question (documents.md "Scripts", "Answers"): one
 * pure function per answer type, each giving the value to store or `undefined` when the answer
 * is not valid for that type.
 */
import { fold } from './fold.js';
import type { AnswerType, Choice } from './script-document.js';

export type AnswerValue = string | number;

/** Longest text answer kept (a contact attribute holds at most 500 characters of text). */
export const TEXT_ANSWER_MAX = 500;

/** `text`: any non-empty text, trimmed (and cut to TEXT_ANSWER_MAX characters). */
export function parseTextAnswer(input: string): string | undefined {
  const text = input.trim();
  return text === '' ? undefined : Array.from(text).slice(0, TEXT_ANSWER_MAX).join('');
}

// spaces that may group thousands: space, no-break, narrow no-break, thin
const GROUP_SPACE = '[ \\u00A0\\u202F\\u2009]';
const NUMBER = new RegExp(`^([+\\-\\u2212]?)(\\d{1,3}(?:${GROUP_SPACE}\\d{3})+|\\d+)(?:[.,](\\d+))?$`);

/**
 * `number`: a decimal number with a comma or a dot before the decimals, thousands grouped by
 * spaces or not ("1 234,5" → 1234.5, "12.5", "-3").
 */
export function parseNumberAnswer(input: string): number | undefined {
  const match = NUMBER.exec(input.trim());
  if (!match) return undefined;
  const [, sign, whole, decimals] = match;
  const n = Number(`${sign === '' || sign === '+' ? '' : '-'}${whole.replace(/\D/g, '')}${decimals === undefined ? '' : `.${decimals}`}`);
  if (!Number.isFinite(n)) return undefined;
  return n === 0 ? 0 : n; // never -0
}

const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
/** `email`: one address, local@domain.tld, trimmed; the domain is lower-cased. */
export function parseEmailAnswer(input: string): string | undefined {
  const text = input.trim();
  if (text.length > 254 || !EMAIL.test(text)) return undefined;
  const at = text.lastIndexOf('@');
  return `${text.slice(0, at)}@${text.slice(at + 1).toLowerCase()}`;
}

/** `phone`: 6 to 15 digits with an optional leading +; spaces, dots, dashes, parentheses ignored. */
export function parsePhoneAnswer(input: string): string | undefined {
  const compact = input.trim().replace(/[\s.\-()]/g, '');
  return /^\+?\d{6,15}$/.test(compact) ? compact : undefined;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_FIRST = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `date`: `YYYY-MM-DD`, `DD/MM/YYYY` or `DD.MM.YYYY`, a real calendar date, stored as `YYYY-MM-DD`. */
export function parseDateAnswer(input: string): string | undefined {
  const text = input.trim();
  const iso = ISO_DATE.exec(text);
  const dayFirst = iso ? undefined : DAY_FIRST.exec(text);
  if (!iso && !dayFirst) return undefined;
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]].map(Number) : [dayFirst![4], dayFirst![3], dayFirst![1]].map(Number);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

const key = (text: string): string => fold(text.trim()).replace(/\s+/g, ' ');

/**
 * `choice`: a choice's label or value (case, accents and repeated spaces ignored), else its
 * position ("1" is the first), stored as the choice's `value`. A label or value wins over a
 * position, so a choice labelled "2" is picked by "2".
 */
export function parseChoiceAnswer(input: string, choices: readonly Choice[]): string | undefined {
  const wanted = key(input);
  if (wanted === '') return undefined;
  const named = choices.find((c) => key(c.label) === wanted || key(c.value) === wanted);
  if (named) return named.value;
  if (!/^\d{1,6}$/.test(wanted)) return undefined;
  return choices[Number(wanted) - 1]?.value;
}

/** The value a question stores for `input`, or undefined when the answer is invalid. */
export function parseAnswer(question: { readonly answer: AnswerType; readonly choices?: readonly Choice[] }, input: string): AnswerValue | undefined {
  switch (question.answer) {
    case 'text':
      return parseTextAnswer(input);
    case 'number':
      return parseNumberAnswer(input);
    case 'email':
      return parseEmailAnswer(input);
    case 'phone':
      return parsePhoneAnswer(input);
    case 'date':
      return parseDateAnswer(input);
    case 'choice':
      return parseChoiceAnswer(input, question.choices ?? []);
  }
}

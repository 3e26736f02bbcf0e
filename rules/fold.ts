/**
 * Text comparison key: every comparison of text ignores case and accents
 * ("REMBOURSÉ" contains "rembourse", "Sale" equals "SALE").
 * NFD splits letters from their accents, the combining marks are dropped, then lower-cased.
 */
const COMBINING_MARKS = /\p{M}+/gu;

export function fold(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** Drops accents only (no case change): used on regular-expression patterns, whose escapes are case-sensitive. */
export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '');
}

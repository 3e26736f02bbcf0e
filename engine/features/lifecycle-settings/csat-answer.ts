// Reading a customer's message as an answer to the CSAT survey (a score from 1 to 5, then an
// optional comment). Customers answer the way they talk: "5", "4/5", "3 stars", "★★★★", "4 - quick
// but the first answer was wrong", "4️⃣". Anything else is not an answer and, in the workflow,
// reopens the conversation as usual.

export interface CsatAnswer {
  score: number;
  comment?: string;
}

const KEYCAP = /^([1-5])\uFE0F?\u20E3/u;
const STARS = /^([★⭐]{1,5})(?![★⭐])/u;
const DIGIT = /^([1-5])(?![0-9.,]\d)(?:\s*(?:\/\s*5|sur\s*5|out\s+of\s+5|stars?|étoiles?|points?)\b)?/iu;

/** The score and comment of the first text; later texts of the same batch add to the comment. */
export function parseCsatAnswer(texts: readonly string[]): CsatAnswer | undefined {
  const [first, ...rest] = texts.map((t) => t.trim()).filter((t) => t !== '');
  if (first === undefined) return undefined;
  const match = KEYCAP.exec(first) ?? STARS.exec(first) ?? DIGIT.exec(first);
  if (!match) return undefined;
  const score = /^[1-5]$/.test(match[1]) ? Number(match[1]) : [...match[1]].length;
  const after = first.slice(match[0].length);
  // "5" followed by more digits or a decimal is a number, not a score ("50 euros", "4.5").
  if (/^[0-9]/.test(after)) return undefined;
  const comment = [after.replace(/^[\s\-–—:,.!)]+/u, '').trim(), ...rest].filter((t) => t !== '').join('\n');
  return comment ? { score, comment } : { score };
}

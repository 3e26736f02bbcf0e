import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseAnswer,
  parseChoiceAnswer,
  parseDateAnswer,
  parseEmailAnswer,
  parseNumberAnswer,
  parsePhoneAnswer,
  parseTextAnswer,
  TEXT_ANSWER_MAX,
  fold,
  type Choice,
} from '../../../../rules/index.js';

const GROUP_SPACES = [' ', '\u00A0', '\u202F', '\u2009'];

/** `n` written with its thousands grouped by `space` (or not), and `separator` before the decimals. */
function formatNumber(whole: number, decimals: string, negative: boolean, space: string | null, separator: ',' | '.'): string {
  let digits = String(whole);
  if (space !== null) digits = digits.replace(/\B(?=(\d{3})+(?!\d))/g, space);
  return `${negative ? '-' : ''}${digits}${decimals === '' ? '' : `${separator}${decimals}`}`;
}

describe('text answers', () => {
  it('keeps any non-empty text, trimmed, and refuses blank text', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim() !== ''), (text) => {
        expect(parseTextAnswer(`  ${text}\n`)).toBe(text.trim());
      }),
    );
    expect(parseTextAnswer('   \n\t')).toBeUndefined();
  });

  it(`cuts a very long text to ${TEXT_ANSWER_MAX} characters`, () => {
    expect(parseTextAnswer('é'.repeat(TEXT_ANSWER_MAX + 10))).toBe('é'.repeat(TEXT_ANSWER_MAX));
  });
});

describe('number answers', () => {
  it('reads the documented forms', () => {
    expect(parseNumberAnswer('1 234,5')).toBe(1234.5);
    expect(parseNumberAnswer('12.5')).toBe(12.5);
    expect(parseNumberAnswer('-3')).toBe(-3);
    expect(parseNumberAnswer('1\u202F234\u202F567')).toBe(1234567);
    expect(parseNumberAnswer(' 42 ')).toBe(42);
  });

  it('refuses what is not one decimal number', () => {
    for (const text of ['', 'abc', '12abc', '1,2,3', '1 23', '12 3456', '1..2', ',5', '5,', '--3', '1e5', 'Infinity', 'NaN', '0x10']) {
      expect(parseNumberAnswer(text), text).toBeUndefined();
    }
  });

  it('reads back any number written with or without grouped thousands, with a comma or a dot', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.stringMatching(/^(\d{1,4})?$/),
        fc.boolean(),
        fc.option(fc.constantFrom(...GROUP_SPACES), { nil: null }),
        fc.constantFrom(',' as const, '.' as const),
        (whole, decimals, negative, space, separator) => {
          const expected = Number(`${negative ? '-' : ''}${whole}${decimals ? `.${decimals}` : ''}`);
          expect(parseNumberAnswer(formatNumber(whole, decimals, negative, space, separator))).toBe(expected === 0 ? 0 : expected);
        },
      ),
    );
  });
});

describe('e-mail answers', () => {
  it('keeps an address, trimmed, with its domain lower-cased', () => {
    expect(parseEmailAnswer('  Jeanne.Dupont@Example.FR ')).toBe('Jeanne.Dupont@example.fr');
  });
  it('refuses what is not one address', () => {
    for (const text of ['', 'jeanne', 'jeanne@', '@example.fr', 'jeanne@example', 'jeanne dupont@example.fr', 'a@b@c.fr', 'jeanne@example..fr']) {
      expect(parseEmailAnswer(text), text).toBeUndefined();
    }
  });
});

describe('phone answers', () => {
  it('stores the digits with the leading +, whatever spaces, dots, dashes and parentheses surround them', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.stringMatching(/^\d{1,3}$/), { minLength: 1, maxLength: 8 }),
        fc.array(fc.constantFrom(' ', '.', '-', '(', ')', ''), { minLength: 8, maxLength: 8 }),
        (plus, groups, separators) => {
          const digits = groups.join('');
          const written = `${plus ? '+' : ''}${groups.map((g, i) => `${g}${separators[i]}`).join('')}`;
          const expected = digits.length >= 6 && digits.length <= 15 ? `${plus ? '+' : ''}${digits}` : undefined;
          expect(parsePhoneAnswer(written)).toBe(expected);
        },
      ),
    );
  });
  it('reads the usual forms and refuses letters and a + elsewhere than first', () => {
    expect(parsePhoneAnswer('+33 6 12 34 56 78')).toBe('+33612345678');
    expect(parsePhoneAnswer('(0)6.12.34-56-78')).toBe('0612345678');
    expect(parsePhoneAnswer('06 12 AB 56 78')).toBeUndefined();
    expect(parsePhoneAnswer('33+612345678')).toBeUndefined();
    expect(parsePhoneAnswer('12345')).toBeUndefined();
    expect(parsePhoneAnswer('1234567890123456')).toBeUndefined();
  });
});

describe('date answers', () => {
  const validDate = fc.date({ min: new Date(Date.UTC(1, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true });
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');

  it('gives the same ISO date from YYYY-MM-DD, DD/MM/YYYY and DD.MM.YYYY', () => {
    fc.assert(
      fc.property(validDate, fc.boolean(), (date, padded) => {
        const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
        const iso = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
        const dm = (n: number) => (padded ? pad(n) : String(n));
        expect(parseDateAnswer(iso)).toBe(iso);
        expect(parseDateAnswer(`${dm(d)}/${dm(m)}/${pad(y, 4)}`)).toBe(iso);
        expect(parseDateAnswer(` ${dm(d)}.${dm(m)}.${pad(y, 4)} `)).toBe(iso);
      }),
    );
  });

  it('refuses a day that the month does not have', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 40 }), (y, m, d) => {
        const real = new Date(Date.UTC(2000, m - 1, d));
        real.setUTCFullYear(y);
        const exists = d >= 1 && real.getUTCMonth() === m - 1 && real.getUTCDate() === d;
        const iso = parseDateAnswer(`${pad(d)}/${pad(m)}/${pad(y, 4)}`);
        expect(iso === undefined).toBe(!exists);
      }),
    );
    expect(parseDateAnswer('29/02/2023')).toBeUndefined();
    expect(parseDateAnswer('29/02/2024')).toBe('2024-02-29');
    expect(parseDateAnswer('2024-13-01')).toBeUndefined();
  });

  it('refuses other forms', () => {
    for (const text of ['', '2024/02/01', '01-02-2024', '1/2/24', '2024-2-1', '01/02.2024', 'demain']) expect(parseDateAnswer(text), text).toBeUndefined();
  });
});

describe('choice answers', () => {
  const choices: Choice[] = [
    { id: 'k1', label: 'Commande', value: 'order' },
    { id: 'k2', label: 'Livraison à domicile', value: 'delivery' },
  ];

  it('picks a choice by its label or value, case, accents and spaces ignored, storing its value', () => {
    expect(parseChoiceAnswer('commande', choices)).toBe('order');
    expect(parseChoiceAnswer(' LIVRAISON  A DOMICILE ', choices)).toBe('delivery');
    expect(parseChoiceAnswer('Delivery', choices)).toBe('delivery');
    expect(parseChoiceAnswer('retour', choices)).toBeUndefined();
  });

  it('picks a choice by its position, and refuses a position out of the list', () => {
    expect(parseChoiceAnswer('1', choices)).toBe('order');
    expect(parseChoiceAnswer(' 2 ', choices)).toBe('delivery');
    expect(parseChoiceAnswer('0', choices)).toBeUndefined();
    expect(parseChoiceAnswer('3', choices)).toBeUndefined();
  });

  it('prefers a label to a position', () => {
    expect(parseChoiceAnswer('2', [{ id: 'a', label: 'Un', value: 'one' }, { id: 'b', label: '2', value: 'two' }, { id: 'c', label: 'x', value: 'x' }])).toBe('two');
  });

  it('any choice is found by its position, its label and its value, in any case', () => {
    const word = fc.stringMatching(/^[a-zA-Zéèàç][a-zA-Zéèàç ]{0,10}$/);
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(word, word), { minLength: 1, maxLength: 6, selector: ([l]) => l.trim().toLowerCase() }), (pairs) => {
        const list: Choice[] = pairs.map(([label, value], i) => ({ id: `k${i}`, label, value: `${value}-${i}` }));
                const keys = list.flatMap((c) => [c.label, c.value].map((t) => fold(t.trim()).replace(/\s+/g, ' ')));
        // validation refuses two choices that read the same
        fc.pre(new Set(keys).size === keys.length);
        list.forEach((choice, i) => {
          expect(parseChoiceAnswer(String(i + 1), list)).toBe(choice.value);
          expect(parseChoiceAnswer(choice.label.toUpperCase(), list)).toBe(choice.value);
          expect(parseChoiceAnswer(choice.value, list)).toBe(choice.value);
        });
      }),
    );
  });
});

describe('parseAnswer', () => {
  it('reads each answer type with its own rule', () => {
    expect(parseAnswer({ answer: 'number' }, '1 234,5')).toBe(1234.5);
    expect(parseAnswer({ answer: 'date' }, '03.12.2026')).toBe('2026-12-03');
    expect(parseAnswer({ answer: 'choice', choices: [{ id: 'k', label: 'Oui', value: 'yes' }] }, 'OUI')).toBe('yes');
    expect(parseAnswer({ answer: 'email' }, 'not an address')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { fold, MAX_MATCH_INPUT, operators, patternProblem, validateDocument } from '../../../rules/index.js';
import { FACTS } from '../../../rules/facts.js';

const t = (name: keyof typeof operators, fact: unknown, value?: unknown) => operators[name].test(fact, value);

describe('text operators ignore case and accents', () => {
  it('folds with NFD, drops combining marks, lower-cases', () => {
    expect(fold('REMBOURSÉ Çà')).toBe('rembourse ca');
  });
  it('contains / notContains / startsWith / equal / in', () => {
    expect(t('contains', 'Je veux être REMBOURSÉ', 'rembourse')).toBe(true);
    expect(t('contains', 'je veux etre rembourse', 'REMBOURSÉ')).toBe(true);
    expect(t('notContains', 'REMBOURSÉ', 'rembourse')).toBe(false);
    expect(t('notContains', undefined, 'rembourse')).toBe(true);
    expect(t('contains', undefined, 'x')).toBe(false);
    expect(t('startsWith', 'Élodie here', 'elo')).toBe(true);
    expect(t('startsWith', 'Hi Élodie', 'elo')).toBe(false);
    expect(t('equal', 'Sale', 'SALE')).toBe(true);
    expect(t('notEqual', 'Sale', 'SALE')).toBe(false);
    expect(t('in', 'WhatsApp', ['messenger', 'whatsapp'])).toBe(true);
    expect(t('notIn', 'WhatsApp', ['messenger', 'whatsapp'])).toBe(false);
    expect(t('in', undefined, ['messenger'])).toBe(false);
  });
  it('list includes / excludes compare tag names ignoring case and accents', () => {
    expect(t('includes', ['Remboursé', 'vip'], 'rembourse')).toBe(true);
    expect(t('excludes', ['Remboursé', 'vip'], 'REMBOURSE')).toBe(false);
    expect(t('includes', undefined, 'vip')).toBe(false);
    expect(t('excludes', undefined, 'vip')).toBe(true);
  });
});

describe('numbers, booleans, presence', () => {
  it('compares numbers, and numeric attributes given as text', () => {
    expect(t('greaterThan', 5, 3)).toBe(true);
    expect(t('greaterThan', 3, 3)).toBe(false);
    expect(t('greaterThanOrEqual', 3, 3)).toBe(true);
    expect(t('lessThan', '2', 3)).toBe(true);
    expect(t('lessThanOrEqual', 'many', 3)).toBe(false);
    expect(t('greaterThan', undefined, 0)).toBe(false);
    expect(t('equal', 3, '3')).toBe(true);
  });
  it('booleans are equal only to themselves', () => {
    expect(t('equal', true, true)).toBe(true);
    expect(t('equal', false, true)).toBe(false);
    expect(t('equal', undefined, undefined)).toBe(false);
  });
  it('isSet / isNotSet: missing, null, blank text and empty lists are not set', () => {
    for (const unset of [undefined, null, '', '  ', []]) {
      expect(t('isSet', unset)).toBe(false);
      expect(t('isNotSet', unset)).toBe(true);
    }
    for (const set of ['x', 0, false, ['a']]) expect(t('isSet', set)).toBe(true);
  });
});

describe('matches', () => {
  it('ignores case and accents of the text and the pattern', () => {
    expect(t('matches', 'Commande #1234 REMBOURSÉE', 'commande #?\\d+ remboursee')).toBe(true);
    expect(t('matches', 'commande 12 remboursee', 'COMMANDE \\d+ REMBOURSÉE')).toBe(true);
    expect(t('matches', 'no digits', '\\d')).toBe(false);
  });
  it('refuses nested quantifiers and back-references at validation', () => {
    for (const bad of ['(a+)+', '(a*)*b', '(?:\\w+\\s)*x', '((ab)+c)+', '(x{2,})+', '(a|b+)*', '(.)\\1', '(?<q>.)\\k<q>']) {
      expect(patternProblem(bad), bad).toBeDefined();
    }
    for (const good of ['^order #?\\d+$', '(ab)+', '(https?://)?\\w+', '[(a+)+]', '(a{2})+', 'colou?r', '\\(a+\\)+']) {
      expect(patternProblem(good), good).toBeUndefined();
    }
  });
  it('cuts the input at MAX_MATCH_INPUT characters', () => {
    const long = 'a'.repeat(MAX_MATCH_INPUT) + 'needle';
    expect(t('matches', long, 'needle')).toBe(false);
    expect(t('contains', long, 'needle')).toBe(true);
  });
});

describe('operator ↔ fact type table', () => {
  it('every fixed fact accepts isSet, and only list facts accept includes', () => {
    for (const [fact, spec] of Object.entries(FACTS)) {
      expect(operators.isSet.accepts, fact).toContain(spec.type);
      expect((operators.includes.accepts as readonly string[]).includes(spec.type), fact).toBe(spec.type === 'list');
    }
  });
  it('a validated matches condition never takes long on adversarial input', () => {
    const doc = (value: string) => ({
      schema: 'switchboard.contactgroup/1', name: 'x', enabled: true,
      when: { id: 'g', all: [{ id: 'c', fact: 'contact.language', operator: 'matches', value }] },
    });
    expect(validateDocument(doc('^(a+)+$')).valid).toBe(false);
    expect(validateDocument(doc('^a+$')).valid).toBe(true);
  });
});

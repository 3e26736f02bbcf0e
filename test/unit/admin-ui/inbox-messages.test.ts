// The inbox's messages exist in both languages, key for key, with the same placeholders.
import { describe, expect, it } from 'vitest';
import { inboxEn } from '../../../admin-ui/src/i18n/inbox.en.js';
import { inboxFr } from '../../../admin-ui/src/i18n/inbox.fr.js';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('inbox messages', () => {
  const en = leaves(inboxEn);
  const fr = leaves(inboxFr as Tree);

  it('has every English key in French and no French key missing in English', () => {
    expect([...fr.keys()].filter((k) => !en.has(k))).toEqual([]);
    expect([...en.keys()].filter((k) => !fr.has(k))).toEqual([]);
  });

  it('uses the same placeholders and plural forms in both languages', () => {
    const differing = [...en].filter(([k, text]) => {
      const other = fr.get(k) ?? '';
      return placeholders(text).join() !== placeholders(other).join() || text.split('|').length !== other.split('|').length;
    });
    expect(differing.map(([k]) => k)).toEqual([]);
  });

  it('translates: no French message is the English one, except names and shared words', () => {
    const shared = /^(shell\.role\.|thread\.(messages|agent)$|events\.version$|eventDetail\.note$)/;
    const same = [...en].filter(([k, text]) => fr.get(k) === text && !shared.test(k));
    expect(same.map(([k]) => k)).toEqual([]);
  });
});

// Every message of the UI exists in English and in French: a key in one language only fails here,
// naming the file and the key. Message files are found the way the app finds them
// (admin-ui/src/i18n/catalog.ts): en.ts / fr.ts and <area>.en.ts / <area>.fr.ts.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogOf, keysOf, languageOfFile, messagesOfModule, type MessageTree } from '../../../admin-ui/src/i18n/catalog.js';

const dir = fileURLToPath(new URL('../../../admin-ui/src/i18n/', import.meta.url));
const files = readdirSync(dir).filter((name) => languageOfFile(name) !== null);

async function load(name: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(`${dir}${name}`).href)) as Record<string, unknown>;
}

/** `settings.fr.ts` → `settings`, `fr.ts` → `` (the builders'). */
const areaOf = (name: string) => name.replace(/(^|\.)[a-z]{2}\.ts$/, '');

describe('UI message files', () => {
  it('are found for both languages', () => {
    expect(files).toEqual(expect.arrayContaining(['en.ts', 'fr.ts', 'settings.en.ts', 'settings.fr.ts', 'metrics.en.ts', 'metrics.fr.ts']));
  });

  it('pair up: every <area>.en.ts has its <area>.fr.ts and the other way round', () => {
    const areas = (lang: string) => files.filter((f) => languageOfFile(f) === lang).map(areaOf).sort();
    expect(areas('fr')).toEqual(areas('en'));
  });

  it('hold the same keys in each pair of files', async () => {
    const missing: string[] = [];
    for (const en of files.filter((f) => languageOfFile(f) === 'en')) {
      const fr = en === 'en.ts' ? 'fr.ts' : en.replace(/\.en\.ts$/, '.fr.ts');
      if (!files.includes(fr)) continue;
      const enKeys = new Set(keysOf(messagesOfModule(await load(en), en)));
      const frKeys = new Set(keysOf(messagesOfModule(await load(fr), fr)));
      for (const key of enKeys) if (!frKeys.has(key)) missing.push(`${fr} lacks ${key}`);
      for (const key of frKeys) if (!enKeys.has(key)) missing.push(`${en} lacks ${key}`);
    }
    expect(missing).toEqual([]);
  });

  it('define each key in one file only: a second definition would silently replace the first', async () => {
    const owners = new Map<string, string[]>();
    for (const f of files) {
      for (const key of keysOf(messagesOfModule(await load(f), f))) {
        const id = `${languageOfFile(f)}:${key}`;
        owners.set(id, [...(owners.get(id) ?? []), f]);
      }
    }
    const twice = [...owners].filter(([, where]) => where.length > 1).map(([id, where]) => `${id} in ${where.join(' and ')}`);
    expect(twice).toEqual([]);
  });

  it('give the merged catalogues the same keys, none of them empty', async () => {
    const modules: Record<string, Record<string, unknown>> = {};
    for (const f of files) modules[f] = await load(f);
    const catalog = catalogOf(modules);
    const en = keysOf(catalog.en).sort();
    const fr = keysOf(catalog.fr).sort();
    expect(fr).toEqual(en);
    const empty = (tree: MessageTree) => keysOf(tree).filter((k) => k.split('.').reduce<unknown>((node, part) => (node as MessageTree)[part], tree) === '');
    expect(empty(catalog.en)).toEqual([]);
    expect(empty(catalog.fr)).toEqual([]);
    expect(en.length).toBeGreaterThan(300);
  });
});

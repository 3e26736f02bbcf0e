// Every message file of the UI, gathered by name so each screen owns its own files without a
// central list to edit: `en.ts` / `fr.ts` (the builders) and `<area>.en.ts` / `<area>.fr.ts`
// (settings, metrics, the app shell, the inbox…). Files of one language are merged key by key.
export const LANGUAGES = ['en', 'fr'] as const;
export type UiLanguage = (typeof LANGUAGES)[number];

export type MessageTree = { [key: string]: string | MessageTree };

/** The language a message file is written in, from its name (`settings.fr.ts` → fr). */
export function languageOfFile(path: string): UiLanguage | null {
  const name = path.split('/').pop() ?? '';
  const match = /(?:^|\.)([a-z]{2})\.ts$/.exec(name);
  const lang = match?.[1];
  return (LANGUAGES as readonly string[]).includes(lang ?? '') ? (lang as UiLanguage) : null;
}

/**
 * A message file's messages: its default export, else the export named after the file (`fr` in
 * fr.ts, `inboxFr` in inbox.fr.ts, `settingsEn` in settings.en.ts). Other exports are helpers.
 */
export function messagesOfModule(mod: Record<string, unknown>, path = ''): MessageTree {
  if (isTree(mod.default)) return mod.default;
  const name = exportNameOf(path);
  if (name && isTree(mod[name])) return mod[name];
  const trees = Object.values(mod).filter(isTree);
  return trees.length === 1 ? trees[0]! : {};
}

/** `inbox.fr.ts` → `inboxFr`, `fr.ts` → `fr`. */
function exportNameOf(path: string): string | null {
  const name = path.split('/').pop() ?? '';
  const match = /^(?:(.+)\.)?([a-z]{2})\.ts$/.exec(name);
  if (!match) return null;
  const [, area, lang] = match;
  if (!area) return lang!;
  const camel = area.replace(/[-_.](\w)/g, (_, c: string) => c.toUpperCase());
  return `${camel}${lang![0]!.toUpperCase()}${lang!.slice(1)}`;
}

function isTree(value: unknown): value is MessageTree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function merge(into: MessageTree, from: MessageTree): MessageTree {
  const out: MessageTree = { ...into };
  for (const [key, value] of Object.entries(from)) {
    const existing = out[key];
    out[key] = isTree(existing) && isTree(value) ? merge(existing, value) : value;
  }
  return out;
}

/** `{ a: { b: 'x' } }` → `['a.b']`. */
export function keysOf(tree: MessageTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );
}

export function catalogOf(modules: Record<string, Record<string, unknown>>): Record<UiLanguage, MessageTree> {
  const catalog: Record<UiLanguage, MessageTree> = { en: {}, fr: {} };
  for (const [path, mod] of Object.entries(modules)) {
    const lang = languageOfFile(path);
    if (lang) catalog[lang] = merge(catalog[lang], messagesOfModule(mod, path));
  }
  return catalog;
}

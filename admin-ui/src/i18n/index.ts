import { createI18n } from 'vue-i18n';
import { en } from './en';
import { inboxEn } from './inbox.en';
import { inboxFr, navFr } from './inbox.fr';

// Every string the UI shows goes through vue-i18n. Each area keeps its own message files (en.ts for
// the builders, inbox.*.ts for the inbox and the app shell), merged here per language.
export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

type Messages = { [key: string]: string | Messages };

/** Merges message files key by key (two files may both add to `common`). */
function merge(...files: Messages[]): Messages {
  const out: Messages = {};
  for (const file of files) {
    for (const [key, value] of Object.entries(file)) {
      const before = out[key];
      out[key] = typeof value === 'object' && typeof before === 'object' ? merge(before, value) : value;
    }
  }
  return out;
}

export const i18n = createI18n({
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  messages: {
    en: merge(en, inboxEn),
    fr: merge({ nav: navFr }, inboxFr),
  },
});

/** The browser's language if we have it, else English. */
export function browserLocale(): Locale {
  const wanted = (navigator.languages ?? [navigator.language]).map((l) => l.slice(0, 2).toLowerCase());
  return (wanted.find((l): l is Locale => (LOCALES as readonly string[]).includes(l)) ?? 'en');
}

/** Switches the UI's language (and the page's `lang`, ui.md "Language"). */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
}

/** The current language, for Intl formatters. */
export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale;
}

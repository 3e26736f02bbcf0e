import { createI18n } from 'vue-i18n';
import { catalogOf, LANGUAGES, type UiLanguage } from './catalog';

// Every string of the UI goes through vue-i18n. Message files are found by name (catalog.ts):
// adding `<area>.en.ts` and `<area>.fr.ts` beside this file is enough.
const modules = import.meta.glob<Record<string, unknown>>(['./*.ts', '!./index.ts', '!./catalog.ts', '!./language.ts'], { eager: true });
const messages = catalogOf(modules);

const numberFormats = {
  en: {
    integer: { maximumFractionDigits: 0 },
    decimal: { minimumFractionDigits: 1, maximumFractionDigits: 1 },
  },
  fr: {
    integer: { maximumFractionDigits: 0 },
    decimal: { minimumFractionDigits: 1, maximumFractionDigits: 1 },
  },
} as const;

const dateTimeFormats = {
  en: {
    short: { day: 'numeric', month: 'short' },
    long: { dateStyle: 'medium', timeStyle: 'short' },
    day: { year: 'numeric', month: 'short', day: 'numeric' },
  },
  fr: {
    short: { day: 'numeric', month: 'short' },
    long: { dateStyle: 'medium', timeStyle: 'short' },
    day: { year: 'numeric', month: 'short', day: 'numeric' },
  },
} as const;

export const i18n = createI18n({
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  messages,
  numberFormats,
  // vue-i18n's types predate dateStyle/timeStyle, which every supported browser formats.
  datetimeFormats: dateTimeFormats as never,
});

export { LANGUAGES, type UiLanguage };

// ---- the language in use (the functions the inbox's code calls by these names too)

export const LOCALES = LANGUAGES;
export type Locale = UiLanguage;

const STORAGE_KEY = 'switchboard.language';

/** The first of the browser's preferred languages that the UI speaks, else English. */
export function browserLocale(preferred: readonly string[] = navigator.languages ?? [navigator.language]): Locale {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    if ((LANGUAGES as readonly string[]).includes(base)) return base as Locale;
  }
  return 'en';
}

/** Switches the UI's language and the page's `lang` (ui.md "Language"); remembered on this browser for the next sign-in page. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  localStorage.setItem(STORAGE_KEY, locale);
}

/** The language in use, for Intl formatters. */
export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale;
}

/** The language last used on this browser, if any. */
export function rememberedLocale(): Locale | null {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored && (LANGUAGES as readonly string[]).includes(stored) ? (stored as Locale) : null;
}

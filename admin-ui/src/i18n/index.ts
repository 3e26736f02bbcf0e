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

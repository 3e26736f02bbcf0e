import { computed } from 'vue';
import { browserLocale, currentLocale, i18n, LANGUAGES, rememberedLocale, setLocale, type UiLanguage } from './index';

// The language of the UI: the user's choice (their profile, PUT /api/me), else the browser's,
// else English. The page's <html lang> follows it so screen readers and spell checkers do too.

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export const browserLanguage = browserLocale;

/** The language in use now (reactive). */
export const currentLanguage = computed<UiLanguage>(() => i18n.global.locale.value as UiLanguage);

export function applyLanguage(lang: UiLanguage): void {
  setLocale(lang);
}

/** At start: the language last used on this browser, else the browser's. */
export function applyInitialLanguage(): void {
  setLocale(rememberedLocale() ?? browserLocale());
}

/** A profile's language (null: the browser's). */
export function applyProfileLanguage(language: string | null | undefined): void {
  setLocale(isUiLanguage(language) ? language : browserLocale());
}

/** Intl locale tag for formatting. */
export function intlLocale(): string {
  return currentLocale();
}

import { ref } from 'vue';
import { i18n } from './index';
import { LANGUAGES, type UiLanguage } from './catalog';

// The language of the UI: the user's choice (their profile, PUT /api/me), else the browser's,
// else English. The page's <html lang> follows it so screen readers and spell checkers do too.
const STORAGE_KEY = 'switchboard.language';

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The first of the browser's preferred languages that the UI speaks. */
export function browserLanguage(preferred: readonly string[] = navigator.languages ?? [navigator.language]): UiLanguage {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isUiLanguage(base)) return base;
  }
  return 'en';
}

/** The language in use now (reactive). */
export const currentLanguage = ref<UiLanguage>('en');

export function applyLanguage(lang: UiLanguage): void {
  currentLanguage.value = lang;
  i18n.global.locale.value = lang;
  document.documentElement.lang = lang;
  // Remembered so the login screen of the next visit speaks it before any profile is read.
  localStorage.setItem(STORAGE_KEY, lang);
}

/** At start: the language last used on this browser, else the browser's. */
export function applyInitialLanguage(): void {
  const stored = localStorage.getItem(STORAGE_KEY);
  applyLanguage(isUiLanguage(stored) ? stored : browserLanguage());
}

/** A profile's language (null: the browser's). */
export function applyProfileLanguage(language: string | null | undefined): void {
  applyLanguage(isUiLanguage(language) ? language : browserLanguage());
}

/** Intl locale tag for formatting. */
export function intlLocale(): string {
  return currentLanguage.value;
}

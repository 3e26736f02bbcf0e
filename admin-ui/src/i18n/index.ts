import { createI18n } from 'vue-i18n';
import { en } from './en';

// Every string the builders show goes through vue-i18n; other languages add a message file
// beside en.ts and register it here.
export const i18n = createI18n({
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  messages: { en },
});

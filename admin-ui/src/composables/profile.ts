import { ref, watch } from 'vue';
import { api } from '../api';
import { browserLocale, setLocale, type Locale } from '../i18n';
import { session } from '../session';
import type { Meta, Profile } from '../types';

/** The signed-in user's profile (language, time zone) and, for admins, what the installation offers. */
export const profile = ref<Profile | null>(null);
export const meta = ref<Meta | null>(null);

/** Started once by the app shell: the UI speaks the user's language, else the browser's. */
export function startProfile(): void {
  setLocale(browserLocale());
  watch(
    () => session.token.value,
    async (token) => {
      profile.value = null;
      meta.value = null;
      if (!token) {
        setLocale(browserLocale());
        return;
      }
      try {
        profile.value = await api.me();
        setLocale((profile.value.language as Locale | null) ?? browserLocale());
        if (profile.value.role === 'admin') meta.value = await api.meta();
      } catch {
        // signed out meanwhile, or the server is away: keep the browser's language
      }
    },
    { immediate: true },
  );
}

import { ref, watch } from 'vue';
import { request } from './api';
import { applyProfileLanguage } from './i18n/language';
import { session } from './session';
import type { Language, Profile } from './types';

// The signed-in user's profile (GET /api/me): read at sign-in and on start, so their language
// applies everywhere; changed with PUT /api/me from the notifications settings.
export const profile = ref<Profile | null>(null);

export async function loadProfile(): Promise<void> {
  try {
    const me = await request<Profile>('GET', '/api/me');
    profile.value = me;
    applyProfileLanguage(me.language);
  } catch {
    // Signed out meanwhile, or the server is away: the language stays as it is.
  }
}

export async function updateProfile(patch: { name?: string; language?: Language | null; timeZone?: string | null }): Promise<Profile> {
  const me = await request<Profile>('PUT', '/api/me', { body: patch });
  profile.value = me;
  applyProfileLanguage(me.language);
  return me;
}

watch(
  session.token,
  (token) => {
    if (token) void loadProfile();
    else profile.value = null;
  },
  { immediate: true },
);

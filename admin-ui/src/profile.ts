import { ref, watch } from 'vue';
import { request } from './api';
import { applyProfileLanguage } from './i18n/language';
import { session } from './session';
import type { Language, Meta, Profile } from './types';

// The signed-in user's profile (GET /api/me, read once at sign-in and on start), so their language
// applies everywhere; changed with PUT /api/me from the notifications settings or the language menu.
// For admins, also what the installation offers (GET /api/meta), which the inbox's context panel shows.
export const profile = ref<Profile | null>(null);
export const meta = ref<Meta | null>(null);

export async function loadProfile(): Promise<void> {
  try {
    const me = await request<Profile>('GET', '/api/me');
    profile.value = me;
    applyProfileLanguage(me.language);
    if (me.role === 'admin') meta.value = await request<Meta>('GET', '/api/meta');
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
    profile.value = null;
    meta.value = null;
    // Signed out, the language last used stays: the sign-in page speaks it.
    if (token) void loadProfile();
  },
  { immediate: true },
);

import { ref, watch } from 'vue';
import { api } from '../api';
import { session } from '../session';

// While the app is open it tells the team the user is here (PUT /api/me/presence, a heartbeat):
// routing only gives conversations to agents it has heard from. Closing the app sends nothing, so
// presence lapses by itself.

export type Presence = 'online' | 'away';
const KEY = 'switchboard.presence';
export const HEARTBEAT_MS = 30_000;

export const presence = ref<Presence>(localStorage.getItem(KEY) === 'away' ? 'away' : 'online');
export const presenceError = ref<string | null>(null);
let timer: number | undefined;

async function beat(): Promise<void> {
  if (!session.signedIn.value) return;
  try {
    await api.setPresence(presence.value);
    presenceError.value = null;
  } catch (err) {
    presenceError.value = err instanceof Error ? err.message : String(err);
  }
}

export function setPresence(status: Presence): void {
  presence.value = status;
  localStorage.setItem(KEY, status);
  void beat();
}

/** Started once by the app shell. */
export function startPresence(): void {
  watch(
    () => session.signedIn.value,
    (signedIn) => {
      window.clearInterval(timer);
      if (!signedIn) return;
      void beat();
      timer = window.setInterval(() => void beat(), HEARTBEAT_MS);
    },
    { immediate: true },
  );
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void beat();
  });
}

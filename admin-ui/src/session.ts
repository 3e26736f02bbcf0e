import { computed, ref } from 'vue';
import type { User } from './types';

// The bearer token and the signed-in user, kept in localStorage so a reload stays signed in.
const TOKEN_KEY = 'switchboard.token';
const USER_KEY = 'switchboard.user';

function readUser(): User | null {
  const raw = localStorage.getItem(USER_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as User;
  } catch {
    return null;
  }
}

const token = ref<string | null>(localStorage.getItem(TOKEN_KEY));
const user = ref<User | null>(readUser());

export const session = {
  token: computed(() => token.value),
  user: computed(() => user.value),
  signedIn: computed(() => token.value !== null),
};

export function signIn(newToken: string, newUser: User): void {
  localStorage.setItem(TOKEN_KEY, newToken);
  localStorage.setItem(USER_KEY, JSON.stringify(newUser));
  token.value = newToken;
  user.value = newUser;
}

export function signOut(): void {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(USER_KEY);
  token.value = null;
  user.value = null;
}

// Signing out (or in) in another tab applies here too.
window.addEventListener('storage', (e) => {
  if (e.key !== TOKEN_KEY && e.key !== USER_KEY) return;
  token.value = localStorage.getItem(TOKEN_KEY);
  user.value = readUser();
});

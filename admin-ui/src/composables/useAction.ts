import { ref } from 'vue';
import { messageOf } from '../api';

/**
 * Runs one user action at a time and remembers what the API said when it refused one
 * (`error`, and which action failed in `failed`). `run` resolves to true on success.
 */
export function useAction() {
  const busy = ref<string | null>(null);
  const error = ref<string | null>(null);
  const failed = ref<string | null>(null);

  async function run(name: string, action: () => Promise<unknown>): Promise<boolean> {
    if (busy.value) return false;
    busy.value = name;
    error.value = null;
    failed.value = null;
    try {
      await action();
      return true;
    } catch (err) {
      error.value = messageOf(err);
      failed.value = name;
      return false;
    } finally {
      busy.value = null;
    }
  }

  function clearError(): void {
    error.value = null;
    failed.value = null;
  }

  return { busy, error, failed, run, clearError };
}

import { onBeforeUnmount, onMounted } from 'vue';

/** Auto-refresh until live updates (SSE) arrive: default every 5 s. */
export const POLL_INTERVAL_MS = 5_000;

/**
 * Calls `tick` every `intervalMs` while the component is mounted and the tab is visible,
 * never two at once, and once more as soon as a hidden tab becomes visible again.
 */
export function usePolling(tick: () => Promise<unknown>, intervalMs = POLL_INTERVAL_MS): void {
  let timer: number | undefined;
  let running = false;

  async function run(): Promise<void> {
    if (running || document.visibilityState === 'hidden') return;
    running = true;
    try {
      await tick();
    } catch {
      // the tick reports its own errors
    } finally {
      running = false;
    }
  }

  function onVisibility(): void {
    if (document.visibilityState === 'visible') void run();
  }

  onMounted(() => {
    timer = window.setInterval(() => void run(), intervalMs);
    document.addEventListener('visibilitychange', onVisibility);
  });

  onBeforeUnmount(() => {
    window.clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisibility);
  });
}

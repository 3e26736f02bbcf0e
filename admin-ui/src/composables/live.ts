import { onBeforeUnmount, ref, watch } from 'vue';
import { session } from '../session';
import type { LiveEvent } from '../types';

// One EventSource over GET /api/events for the whole app (api.md "Live updates"). The browser
// reconnects by itself and sends Last-Event-ID, so the server replays what was missed; a `reset`
// (the missed events are gone) asks every listener to reload what it shows.

type Listener = (event: LiveEvent | { kind: 'reset' }) => void;

const KINDS = ['conversation.created', 'conversation.updated', 'message.created', 'message.updated', 'notification', 'contact.updated', 'reset'] as const;

/** True while the stream is open: screens then stop polling. */
export const liveConnected = ref(false);
const listeners = new Set<Listener>();
let source: EventSource | null = null;
let retryTimer: number | undefined;

function open(token: string): void {
  close();
  const es = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
  source = es;
  es.addEventListener('open', () => {
    liveConnected.value = true;
  });
  es.addEventListener('ready', () => {
    liveConnected.value = true;
  });
  for (const kind of KINDS) {
    es.addEventListener(kind, (e) => {
      let data: LiveEvent | { kind: 'reset' } = { kind: 'reset' };
      try {
        data = kind === 'reset' ? { kind: 'reset' } : (JSON.parse((e as MessageEvent<string>).data) as LiveEvent);
      } catch {
        return;
      }
      for (const l of [...listeners]) l(data);
    });
  }
  es.addEventListener('error', () => {
    liveConnected.value = false;
    // A refused stream (e.g. a revoked token) is not retried by the browser: try again later.
    if (es.readyState === EventSource.CLOSED && source === es) {
      retryTimer = window.setTimeout(() => {
        if (session.token.value) open(session.token.value);
      }, 10_000);
    }
  });
}

function close(): void {
  window.clearTimeout(retryTimer);
  source?.close();
  source = null;
  liveConnected.value = false;
}

/** Started once by the app shell: follows sign-in and sign-out. */
export function startLive(): void {
  watch(
    () => session.token.value,
    (token) => (token ? open(token) : close()),
    { immediate: true },
  );
}

/** Calls `listener` for every live event while the calling component is mounted. */
export function onLive(listener: Listener): void {
  listeners.add(listener);
  onBeforeUnmount(() => listeners.delete(listener));
}

/**
 * Calls `tick` slowly (every 30 s) only while the live stream is down, and once when it comes
 * back (events may have been missed in between).
 */
export function useFallbackPolling(tick: () => unknown, intervalMs = 30_000): void {
  let timer: number | undefined;
  const stop = watch(
    liveConnected,
    (up, wasUp) => {
      window.clearInterval(timer);
      if (!up) timer = window.setInterval(() => void tick(), intervalMs);
      else if (wasUp === false) void tick();
    },
    { immediate: true },
  );
  onBeforeUnmount(() => {
    stop();
    window.clearInterval(timer);
  });
}

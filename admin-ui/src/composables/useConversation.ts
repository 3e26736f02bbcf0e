import { ref, watch, type Ref } from 'vue';
import { api, ApiError, messageOf } from '../api';
import type { ConversationDetail } from '../types';
import { onLive, useFallbackPolling } from './live';

/** The open conversation, reloaded when a live event concerns it. */
export function useConversation(id: Ref<string | null>) {
  const convo = ref<ConversationDetail | null>(null);
  const loadError = ref<string | null>(null);
  const notFound = ref(false);
  let seq = 0;

  async function load(): Promise<void> {
    const wanted = id.value;
    if (!wanted) return;
    const mine = ++seq;
    try {
      const detail = await api.getConversation(wanted);
      if (mine !== seq) return;
      convo.value = detail;
      loadError.value = null;
      notFound.value = false;
    } catch (err) {
      if (mine !== seq) return;
      loadError.value = messageOf(err);
      notFound.value = err instanceof ApiError && (err.status === 404 || err.status === 403);
    }
  }

  watch(
    id,
    (now) => {
      seq++;
      convo.value = null;
      loadError.value = null;
      notFound.value = false;
      if (now) void load();
    },
    { immediate: true },
  );

  let timer: number | undefined;
  onLive((e) => {
    if (!id.value) return;
    if (e.kind === 'reset' || ('conversationId' in e && e.conversationId === id.value && e.kind !== 'notification')) {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void load(), 100);
    }
  });
  useFallbackPolling(load);

  return { convo, loadError, notFound, load };
}

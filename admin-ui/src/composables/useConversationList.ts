import { ref, watch, type Ref } from 'vue';
import { api, messageOf, type Filters } from '../api';
import type { ConversationSummary, Order, Queue } from '../types';

export const PAGE_SIZE = 50;

/**
 * One queue's conversations, page by page through `nextCursor`.
 * `refresh` reloads as many pages as are shown, so a live update keeps "load more" results.
 */
export function useConversationList(queue: Ref<Queue>, order: Ref<Order>, filters: Ref<Partial<Filters>>) {
  const items = ref<ConversationSummary[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = ref<string | null>(null);
  const loadedOnce = ref(false);

  let pages = 0;
  // Bumped by every load and load-more: a refresh started before one of those is dropped.
  let generation = 0;

  function fetchPage(cursor: string | null) {
    return api.listConversations({ ...filters.value, queue: queue.value, order: order.value, cursor, limit: PAGE_SIZE });
  }

  async function load(): Promise<void> {
    const gen = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const page = await fetchPage(null);
      if (gen !== generation) return;
      items.value = page.items;
      nextCursor.value = page.nextCursor ?? null;
      pages = 1;
      loadedOnce.value = true;
    } catch (err) {
      if (gen !== generation) return;
      items.value = [];
      nextCursor.value = null;
      pages = 0;
      error.value = messageOf(err);
    } finally {
      if (gen === generation) loading.value = false;
      if (staleAfterLoad && gen === generation) {
        staleAfterLoad = false;
        void refresh();
      }
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value || loadingMore.value) return;
    const gen = ++generation;
    loadingMore.value = true;
    error.value = null;
    try {
      const page = await fetchPage(nextCursor.value);
      if (gen !== generation) return;
      const seen = new Set(items.value.map((c) => c.id));
      items.value = [...items.value, ...page.items.filter((c) => !seen.has(c.id))];
      nextCursor.value = page.nextCursor ?? null;
      pages += 1;
    } catch (err) {
      if (gen === generation) error.value = messageOf(err);
    } finally {
      loadingMore.value = false;
    }
  }

  let staleAfterLoad = false;
  let refreshSeq = 0;

  async function refresh(): Promise<void> {
    if (loading.value || loadingMore.value) {
      staleAfterLoad = true;
      return;
    }
    if (pages === 0) return;
    const gen = generation;
    const seq = ++refreshSeq;
    try {
      const fresh: ConversationSummary[] = [];
      const seen = new Set<string>();
      let cursor: string | null = null;
      for (let i = 0; i < pages; i++) {
        const page = await fetchPage(cursor);
        for (const c of page.items) {
          if (!seen.has(c.id)) {
            seen.add(c.id);
            fresh.push(c);
          }
        }
        cursor = page.nextCursor ?? null;
        if (!cursor) break;
      }
      if (gen !== generation || seq !== refreshSeq) return;
      items.value = fresh;
      nextCursor.value = cursor;
      error.value = null;
    } catch (err) {
      if (gen === generation) error.value = messageOf(err);
    }
  }

  watch([queue, order, () => JSON.stringify(filters.value)], () => void load(), { immediate: true });

  return { items, nextCursor, loading, loadingMore, loadedOnce, error, load, loadMore, refresh };
}

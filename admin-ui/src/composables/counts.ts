import { ref } from 'vue';
import { api } from '../api';
import type { Queue } from '../types';

export type QueueCounts = Record<Queue, { total: number; unread: number }>;

/** Conversations and unread ones per queue (GET /api/conversations/counts), shared by the tabs. */
export const counts = ref<QueueCounts | null>(null);
let pending: Promise<void> | null = null;
let again = false;

/** Reloads the counts; calls during a reload coalesce into one more. */
export function refreshCounts(): Promise<void> {
  if (pending) {
    again = true;
    return pending;
  }
  pending = (async () => {
    try {
      counts.value = (await api.counts()).queues;
    } catch {
      // the tabs keep the last counts
    } finally {
      pending = null;
      if (again) {
        again = false;
        void refreshCounts();
      }
    }
  })();
  return pending;
}

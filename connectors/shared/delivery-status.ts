// Delivery statuses only move forward: providers deliver them out of order and skip states
// (a `read` can arrive before its `delivered`, which must then change nothing).
import type { DeliveryStatus } from '../types.js';

/** What the engine records before the provider says anything: recorded, being sent. */
export type StoredDeliveryStatus = 'pending' | DeliveryStatus;

const RANK: Record<StoredDeliveryStatus, number> = { pending: 0, sent: 1, failed: 1, delivered: 2, read: 3 };

/**
 * The status after `next` arrives on a message that is `current`: the further of the two along
 * pending → sent → delivered → read. `failed` replaces pending or sent only (a message already
 * delivered was delivered), and nothing but a later failed moves a failed message.
 */
export function advanceDeliveryStatus(current: StoredDeliveryStatus, next: DeliveryStatus): StoredDeliveryStatus {
  if (next === 'failed') return current === 'pending' || current === 'sent' ? 'failed' : current;
  if (current === 'failed') return current;
  return RANK[next] > RANK[current] ? next : current;
}

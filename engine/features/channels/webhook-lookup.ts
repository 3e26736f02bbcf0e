// The channel a webhook is for, kept a moment in memory: a burst of deliveries then costs one
// statement each (the record), not two, and the sealed config is opened once per channel instead
// of once per delivery. A change made through this process is seen at once; one made through
// another API process is seen within FRESH_MS (a provider retries what was refused meanwhile).
import type { Db } from '../../platform/database.js';
import { findChannelByRoute, getChannel, type ChannelRow } from './repository.js';

const FRESH_MS = 2000;
const MAX_ENTRIES = 10_000;

const entries = new Map<string, { row: ChannelRow | undefined; until: number }>();

async function remembered(key: string, read: () => Promise<ChannelRow | undefined>): Promise<ChannelRow | undefined> {
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.until > now) return hit.row;
  const row = await read();
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(key, { row, until: now + FRESH_MS });
  return row;
}

export function channelForDelivery(db: Db, id: string): Promise<ChannelRow | undefined> {
  return remembered(`id\u0000${id}`, () => getChannel(db, id));
}

export function channelForRoute(db: Db, type: string, routeKey: string): Promise<ChannelRow | undefined> {
  return remembered(`route\u0000${type}\u0000${routeKey}`, () => findChannelByRoute(db, type, routeKey));
}

/** A channel was created, changed or deleted here: the next delivery reads channels afresh. */
export function forgetChannels(): void {
  entries.clear();
}

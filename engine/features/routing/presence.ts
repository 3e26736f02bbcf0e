// Agent presence (product.md, "Agent presence"): what each user says they are, and when we last heard from them.
import type { Db } from '../../platform/database.js';
import { iso } from '../../platform/org.js';

export const PRESENCE_STATUSES = ['online', 'away', 'offline'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

export interface Presence {
  userId: string;
  status: PresenceStatus;
  lastSeenAt?: string;
  statusSince?: string;
}

/**
 * What an agent counts as now: their own status, except that one not heard from (no heartbeat) for
 * `offlineAfterSeconds` counts as offline (the unassign setting).
 */
export function effectiveStatus(p: { status: PresenceStatus; lastSeenAt?: string }, now: Date, offlineAfterSeconds: number): PresenceStatus {
  if (p.status === 'offline' || !p.lastSeenAt) return 'offline';
  return now.getTime() - Date.parse(p.lastSeenAt) >= offlineAfterSeconds * 1000 ? 'offline' : p.status;
}

/** Sets the user's status; also a heartbeat (last_seen_at = now). */
export async function setPresence(db: Db, userId: string, status: PresenceStatus): Promise<Presence> {
  const [row] = await db('user_presence')
    .insert({ user_id: userId, status, last_seen_at: db.fn.now(), status_since: db.fn.now() })
    .onConflict('user_id')
    .merge({
      status,
      last_seen_at: db.fn.now(),
      // Only a change of status moves status_since; a heartbeat keeps it.
      status_since: db.raw('CASE WHEN user_presence.status = excluded.status THEN user_presence.status_since ELSE excluded.status_since END'),
    })
    .returning(['user_id', 'status', 'last_seen_at', 'status_since']);
  return { userId: row.user_id, status: row.status, lastSeenAt: iso(row.last_seen_at), statusSince: iso(row.status_since) };
}

/** Every user with their presence; one never heard from is offline, one silent for `offlineAfterSeconds` effectively offline. */
export async function listPresence(db: Db, now: Date, offlineAfterSeconds: number): Promise<(Presence & { name: string; email: string; role: string; effectiveStatus: PresenceStatus })[]> {
  const rows = await db('users as u')
    .leftJoin('user_presence as p', 'p.user_id', 'u.id')
    .orderBy('u.created_at')
    .select('u.id', 'u.name', 'u.email', 'u.role', 'p.status', 'p.last_seen_at', 'p.status_since');
  return rows.map((r) => {
    const p: Presence = {
      userId: r.id,
      status: (r.status ?? 'offline') as PresenceStatus,
      ...(r.last_seen_at ? { lastSeenAt: iso(r.last_seen_at) } : {}),
      ...(r.status_since ? { statusSince: iso(r.status_since) } : {}),
    };
    return { ...p, name: r.name, email: r.email, role: r.role, effectiveStatus: effectiveStatus(p, now, offlineAfterSeconds) };
  });
}

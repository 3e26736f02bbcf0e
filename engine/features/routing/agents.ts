// What routing needs to know about agents, read in one query: presence, open load, capacity.
import type { Knex } from 'knex';
import { getSetting } from '../lifecycle-settings/org-settings.js';
import type { AgentLoad, RoutingPresence } from './eligibility.js';
import type { PresenceStatus } from './presence.js';

/** Statuses that count towards an agent's load: what they still have to work on. */
export const OPEN_STATUSES = ['assigned', 'pending'] as const;

/** The database's clock: presence timestamps are written with it, so eligibility is judged by it too. */
export async function databaseNow(db: Knex): Promise<Date> {
  const { rows } = await db.raw<{ rows: { now: Date }[] }>('SELECT clock_timestamp() AS now');
  return rows[0].now;
}

/** The given users that exist, with their presence, open load and capacity (own, else the org default). */
export async function loadAgents(db: Knex, userIds: readonly string[]): Promise<AgentLoad[]> {
  if (userIds.length === 0) return [];
  const { defaultCapacity } = await getSetting(db, 'routing');
  const { rows } = await db.raw<{
    rows: { id: string; capacity: number | null; last_assigned_at: Date | null; status: string | null; last_seen_at: Date | null; status_since: Date | null; open_load: number }[];
  }>(
    `SELECT u.id, u.capacity, u.last_assigned_at, p.status, p.last_seen_at, p.status_since,
            (SELECT count(*) FROM conversations c
              WHERE c.assignee_user_id = u.id AND c.status = ANY(:open::text[]))::int AS open_load
       FROM users u LEFT JOIN user_presence p ON p.user_id = u.id
      WHERE u.id = ANY(:ids::uuid[])
      ORDER BY u.id`,
    { ids: [...userIds], open: [...OPEN_STATUSES] },
  );
  return rows.map((r) => ({
    userId: r.id,
    ...(r.status && r.last_seen_at && r.status_since
      ? { presence: { status: r.status as PresenceStatus, lastSeenAt: r.last_seen_at, statusSince: r.status_since } }
      : {}),
    openLoad: r.open_load,
    capacity: r.capacity ?? defaultCapacity,
    lastAssignedAt: r.last_assigned_at,
  }));
}

/** A user's presence as routing reads it, with the database's clock to judge it by. */
export async function routingPresenceOf(db: Knex, userId: string): Promise<{ presence?: RoutingPresence; now: Date }> {
  const { rows } = await db.raw<{ rows: { now: Date; status: string | null; last_seen_at: Date | null; status_since: Date | null }[] }>(
    `SELECT clock_timestamp() AS now, p.status, p.last_seen_at, p.status_since
       FROM (SELECT 1) one LEFT JOIN user_presence p ON p.user_id = ?`,
    [userId],
  );
  const r = rows[0];
  return {
    now: r.now,
    ...(r.status && r.last_seen_at && r.status_since
      ? { presence: { status: r.status as PresenceStatus, lastSeenAt: r.last_seen_at, statusSince: r.status_since } }
      : {}),
  };
}

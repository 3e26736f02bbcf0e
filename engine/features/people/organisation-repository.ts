// The organisation's own settings: its name and the time zone its users' dates and metrics
// default to (a user's own zone, PUT /api/me, wins).
import type { Organisation } from '../../http/contract.js';
import type { Db } from '../../platform/database.js';
import { orgId } from '../../platform/org.js';

export type { Organisation };

export async function getOrganisation(db: Db): Promise<Organisation> {
  const row = await db('organisations').where({ id: await orgId(db) }).first('name', 'time_zone');
  return { name: row.name, timeZone: row.time_zone ?? null };
}

export async function updateOrganisation(db: Db, patch: { name?: string; timeZone?: string | null }): Promise<Organisation> {
  const changes = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.timeZone !== undefined ? { time_zone: patch.timeZone } : {}),
  };
  if (Object.keys(changes).length) await db('organisations').where({ id: await orgId(db) }).update(changes);
  return getOrganisation(db);
}

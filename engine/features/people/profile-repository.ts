// The signed-in user's own profile (api.md `PUT /api/me`): name, language of the UI and time zone
// (metrics and dates are shown in it; null: the organisation's, else UTC).
import type { Language, Profile } from '../../http/contract.js';
import type { Db } from '../../platform/database.js';

export const LANGUAGES = ['en', 'fr'] as const satisfies readonly Language[];
export type { Language, Profile };

export async function getProfile(db: Db, userId: string): Promise<Profile | undefined> {
  const row = await db('users').where({ id: userId }).first('id', 'email', 'name', 'role', 'language', 'time_zone');
  return row ? { id: row.id, email: row.email, name: row.name, role: row.role, language: row.language ?? null, timeZone: row.time_zone ?? null } : undefined;
}

export async function updateProfile(db: Db, userId: string, patch: { name?: string; language?: Language | null; timeZone?: string | null }): Promise<Profile | undefined> {
  const changes = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.language !== undefined ? { language: patch.language } : {}),
    ...(patch.timeZone !== undefined ? { time_zone: patch.timeZone } : {}),
  };
  if (Object.keys(changes).length) await db('users').where({ id: userId }).update(changes);
  return getProfile(db, userId);
}

/** The zone a user's dates and metrics are in: theirs, else the organisation's, else UTC. */
export async function timeZoneOf(db: Db, userId: string): Promise<string> {
  const row = await db('users as u').join('organisations as o', 'o.id', 'u.org_id').where('u.id', userId).first('u.time_zone', 'o.time_zone as org_time_zone');
  return row?.time_zone ?? row?.org_time_zone ?? 'UTC';
}

// Agents' own capacity: the most open conversations routing gives them (null: the org default,
// GET /api/settings/routing).
import type { Db } from '../../platform/database.js';
import type { User } from '../people/users-repository.js';

export const MAX_CAPACITY = 1000;

export type UserWithCapacity = User & { capacity: number | null };

/** Sets a user's capacity (null: back to the org default); undefined when there is no such user. */
export async function setUserCapacity(db: Db, userId: string, capacity: number | null): Promise<UserWithCapacity | undefined> {
  const [row] = await db('users').where({ id: userId }).update({ capacity }).returning(['id', 'email', 'name', 'role', 'capacity']);
  return row;
}

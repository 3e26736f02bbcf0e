import type { Db } from '../../platform/database.js';
import { conflictOnDuplicate } from '../../platform/errors.js';
import { orgId } from '../../platform/org.js';
import { storedChannelConfig } from '../encryption/private-data.js';
import { forgetChannels } from './webhook-lookup.js';

export interface ChannelRow {
  id: string;
  type: string;
  name: string;
  config: Record<string, unknown>;
  route_key: string | null;
  /** Health (health.ts). */
  last_event_at?: Date | null;
  last_error_at?: Date | null;
  last_error_message?: string | null;
}

const columns = ['id', 'type', 'name', 'config', 'route_key', 'last_event_at', 'last_error_at', 'last_error_message'] as const;

/** Two channels of a type cannot share a provider id (route key). */
const conflictOnRoute = (type: string) => conflictOnDuplicate(`another ${type} channel already uses this provider id (e.g. pageId)`);

export async function insertChannel(db: Db, input: { type: string; name: string; config: Record<string, unknown>; routeKey?: string }): Promise<ChannelRow> {
  const [row] = await db('channels')
    .insert({ org_id: await orgId(db), type: input.type, name: input.name, config: storedChannelConfig(input.type, input.config), route_key: input.routeKey ?? null })
    .returning(columns)
    .catch(conflictOnRoute(input.type));
  forgetChannels();
  return row;
}

export function listChannels(db: Db): Promise<ChannelRow[]> {
  return db('channels').whereNull('deleted_at').orderBy('created_at').select(columns);
}

export function getChannel(db: Db, id: string): Promise<ChannelRow | undefined> {
  return db('channels').where({ id }).whereNull('deleted_at').first(columns);
}

export function findChannelByRoute(db: Db, type: string, routeKey: string): Promise<ChannelRow | undefined> {
  return db('channels').where({ type, route_key: routeKey }).whereNull('deleted_at').first(columns);
}

export function channelsOfTypes(db: Db, types: readonly string[]): Promise<ChannelRow[]> {
  return db('channels').whereIn('type', [...types]).whereNull('deleted_at').select(columns);
}

export async function updateChannel(db: Db, id: string, type: string, patch: { name?: string; config?: Record<string, unknown>; routeKey?: string }): Promise<ChannelRow | undefined> {
  const [row] = await db('channels')
    .where({ id })
    .whereNull('deleted_at')
    .update({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.config !== undefined ? { config: storedChannelConfig(type, patch.config), route_key: patch.routeKey ?? null } : {}),
    })
    .returning(columns)
    .catch(conflictOnRoute(type));
  forgetChannels();
  return row;
}

/** Soft delete: its conversations and messages stay readable. */
export async function deleteChannel(db: Db, id: string): Promise<boolean> {
  const n = await db('channels').where({ id }).whereNull('deleted_at').update({ deleted_at: db.fn.now() });
  forgetChannels();
  return n > 0;
}

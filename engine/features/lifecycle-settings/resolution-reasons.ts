// Resolution reasons (api.md, "Lists"): a reason applies to some channel types and kinds; resolving
// requires one exactly where at least one applies (X public optional while X private requires one).
import type { ResolutionReason } from '../../http/contract.js';
import type { Db } from '../../platform/database.js';
import { orgId } from '../../platform/org.js';

import type { ConversationKind as Kind } from '../../../rules/facts.js';
import { conflictOnDuplicate } from '../../platform/errors.js';

export type { Kind };

  export type { ResolutionReason };

const present = (row: { id: string; name: string; channel_types: string[]; kinds: Kind[] }): ResolutionReason => ({
  id: row.id,
  name: row.name,
  channelTypes: row.channel_types,
  kinds: row.kinds,
});

const columns = ['id', 'name', 'channel_types', 'kinds'] as const;

export async function createResolutionReason(db: Db, input: Omit<ResolutionReason, 'id'>): Promise<ResolutionReason> {
  const [row] = await db('resolution_reasons')
    .insert({ org_id: await orgId(db), name: input.name, channel_types: input.channelTypes, kinds: input.kinds })
    .returning(columns)
    .catch(conflictOnDuplicate(`a resolution reason named "${input.name}" already exists`));
  return present(row);
}

export async function listResolutionReasons(db: Db): Promise<ResolutionReason[]> {
  const rows = await db('resolution_reasons').where({ org_id: await orgId(db) }).orderBy([{ column: 'created_at' }, { column: 'id' }]).select(columns);
  return rows.map(present);
}

export async function getResolutionReason(db: Db, id: string): Promise<ResolutionReason | undefined> {
  const row = await db('resolution_reasons').where({ id, org_id: await orgId(db) }).first(columns);
  return row ? present(row) : undefined;
}

/** The reasons that apply to a conversation of this channel type and kind; a reason is mandatory iff this is not empty. */
export async function requiredReasons(db: Db, channelType: string, kind: Kind): Promise<ResolutionReason[]> {
  const rows = await db('resolution_reasons')
    .where({ org_id: await orgId(db) })
    .whereRaw('? = ANY(channel_types)', [channelType])
    .whereRaw('? = ANY(kinds)', [kind])
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .select(columns);
  return rows.map(present);
}

/**
 * What is wrong with resolving a conversation of this channel type and kind with `reasonId`
 * (undefined when nothing is): for the resolve action's 400, listing the allowed reasons by id and name.
 */
export async function resolutionReasonProblem(db: Db, channelType: string, kind: Kind, reasonId: string | undefined): Promise<string | undefined> {
  const allowed = await requiredReasons(db, channelType, kind);
  if (allowed.length === 0) {
    if (reasonId === undefined || (await getResolutionReason(db, reasonId))) return undefined;
    return `reasonId "${reasonId}" is not a resolution reason`;
  }
  if (reasonId !== undefined && allowed.some((r) => r.id === reasonId)) return undefined;
  const list = allowed.map((r) => `${r.id} (${r.name})`).join(', ');
  const what = reasonId === undefined ? 'a resolution reason is required' : `reasonId "${reasonId}" does not apply`;
  return `${what} for ${channelType} ${kind} conversations; choose one of: ${list}`;
}

// Saved replies in PostgreSQL (migration 007). The routes decide who may do what (rules.ts); these
// functions only read and write, keeping `search_text` in step with name and text.
import type { Db } from '../../platform/database.js';
import { iso, orgId } from '../../platform/org.js';
import { foldForSearch, searchTextOf, type SavedReply, type Viewer } from './rules.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const columns = [
  'id', 'name', 'text', 'collection', 'owner_user_id', 'channel_ids', 'team_ids',
  'created_by', 'updated_by', 'created_at', 'updated_at',
] as const;

interface Row {
  id: string;
  name: string;
  text: string;
  collection: string | null;
  owner_user_id: string | null;
  channel_ids: string[];
  team_ids: string[];
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
}

const present = (row: Row): SavedReply => ({
  id: row.id,
  name: row.name,
  text: row.text,
  collection: row.collection,
  ownerUserId: row.owner_user_id,
  channelIds: row.channel_ids,
  teamIds: row.team_ids,
  createdBy: row.created_by,
  updatedBy: row.updated_by,
  createdAt: iso(row.created_at)!,
  updatedAt: iso(row.updated_at)!,
});

// Collections, then names, in the order a person reads them ("Émile" beside "Emile", not after
// "Zoé"), which the database's collation does not promise; replies outside any collection last.
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
function byCollectionThenName(a: SavedReply, b: SavedReply): number {
  if (a.collection !== b.collection) {
    if (a.collection === null) return 1;
    if (b.collection === null) return -1;
    const c = collator.compare(a.collection, b.collection);
    if (c !== 0) return c;
  }
  return collator.compare(a.name, b.name) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

export interface NewSavedReply {
  name: string;
  text: string;
  collection?: string | null;
  /** Null: shared. */
  ownerUserId: string | null;
  channelIds?: string[];
  teamIds?: string[];
  createdBy: string;
}

export async function createSavedReply(db: Db, input: NewSavedReply): Promise<SavedReply> {
  const [row] = await db('saved_replies')
    .insert({
      org_id: await orgId(db),
      name: input.name,
      text: input.text,
      search_text: searchTextOf(input),
      collection: input.collection ?? null,
      owner_user_id: input.ownerUserId,
      channel_ids: [...new Set(input.channelIds ?? [])],
      team_ids: [...new Set(input.teamIds ?? [])],
      created_by: input.createdBy,
      updated_by: input.createdBy,
    })
    .returning(columns);
  return present(row);
}

export async function getSavedReply(db: Db, id: string): Promise<SavedReply | undefined> {
  const row = await db('saved_replies').where({ id, org_id: await orgId(db) }).first(columns);
  return row ? present(row) : undefined;
}

export interface SavedReplyListQuery {
  /** Only shared replies meant for this channel (or for every channel). */
  channelId?: string;
  /** Words of the name or text, ignoring case and accents. */
  q?: string;
  /** Every shared reply whatever its scope (admins managing them), beside the viewer's own. */
  allShared?: boolean;
}

/** The viewer's own replies and the shared ones meant for them, by collection then name. */
export async function listSavedReplies(db: Db, viewer: Viewer, query: SavedReplyListQuery = {}): Promise<SavedReply[]> {
  const builder = db('saved_replies')
    .where({ org_id: await orgId(db) })
    .where((own) => {
      own.where('owner_user_id', viewer.id).orWhere((shared) => {
        shared.whereNull('owner_user_id');
        if (query.allShared) return;
        shared.whereRaw("(team_ids = '{}' OR team_ids && ?::uuid[])", [viewer.teamIds]);
        if (query.channelId !== undefined) shared.whereRaw("(channel_ids = '{}' OR ?::uuid = ANY(channel_ids))", [query.channelId]);
      });
    });
  // Every word must appear (in any order), as in the other search boxes.
  for (const word of foldForSearch(query.q ?? '').split(/\s+/).filter(Boolean)) {
    builder.whereRaw('strpos(search_text, ?) > 0', [word]);
  }
  const rows: Row[] = await builder.select(columns);
  return rows.map(present).sort(byCollectionThenName);
}

export interface SavedReplyPatch {
  name?: string;
  text?: string;
  collection?: string | null;
  channelIds?: string[];
  teamIds?: string[];
}

/** Applies the patch; undefined when the reply is gone. */
export async function updateSavedReply(db: Db, id: string, patch: SavedReplyPatch, by: string): Promise<SavedReply | undefined> {
  return db.transaction(async (trx) => {
    const current = await trx('saved_replies').where({ id, org_id: await orgId(db) }).forUpdate().first('name', 'text');
    if (!current) return undefined;
    const name = patch.name ?? current.name;
    const text = patch.text ?? current.text;
    const [row] = await trx('saved_replies')
      .where({ id })
      .update({
        name,
        text,
        search_text: searchTextOf({ name, text }),
        ...(patch.collection !== undefined ? { collection: patch.collection } : {}),
        ...(patch.channelIds !== undefined ? { channel_ids: [...new Set(patch.channelIds)] } : {}),
        ...(patch.teamIds !== undefined ? { team_ids: [...new Set(patch.teamIds)] } : {}),
        updated_by: by,
        updated_at: trx.fn.now(),
      })
      .returning(columns);
    return present(row);
  });
}

export async function deleteSavedReply(db: Db, id: string): Promise<boolean> {
  const n = await db('saved_replies').where({ id, org_id: await orgId(db) }).delete();
  return n > 0;
}

/**
 * The text of a SHARED reply, for automations (`sendSavedReply`): an automation must never send
 * someone's personal reply. Undefined when there is no such shared reply; an id that is not a
 * uuid (documents only require a non-empty string) is simply not one, rather than a failing query.
 */
export async function sharedReplyText(db: Db, id: string): Promise<string | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await db('saved_replies').where({ id }).whereNull('owner_user_id').first('text');
  return row?.text;
}

/** The ids among `ids` that are not live channels, for the 400 naming them. */
export async function unknownChannelIds(db: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = new Set(await db('channels').whereIn('id', ids).whereNull('deleted_at').pluck('id'));
  return [...new Set(ids)].filter((id) => !found.has(id));
}

/** The ids among `ids` that are not teams, for the 400 naming them. */
export async function unknownTeamIds(db: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = new Set(await db('teams').whereIn('id', ids).pluck('id'));
  return [...new Set(ids)].filter((id) => !found.has(id));
}

/** knex access to `documents` and `document_versions` (migration 002). */
import type { Knex } from 'knex';
import { canonicalJson } from '../../../../rules/index.js';
import type { Db } from '../../../platform/database.js';
import { iso, orgId } from '../../../platform/org.js';
import type { Json, KindSpec } from './kinds.js';

export interface VersionSummary {
  version: number;
  hash: string;
  publishedAt: string;
  by?: { id: string; name: string | null };
  rollbackOf?: number;
}

export interface DocumentListItem {
  id: string;
  name: string;
  enabled: boolean;
  draftUpdatedAt: string;
  published?: { version: number; hash: string; publishedAt: string; by?: { id: string; name: string | null } };
}

export interface DocumentDetail {
  id: string;
  draft: Json;
  published: (VersionSummary & { document: Json }) | null;
  versions: VersionSummary[];
}

interface DocumentRow {
  id: string;
  name: string;
  enabled: boolean;
  draft: Json;
  draft_updated_at: Date;
  published_version: number | null;
}

interface VersionRow {
  version: number;
  hash: string;
  document: Json;
  published_at: Date;
  published_by: string | null;
  by_name: string | null;
  rollback_of: number | null;
}

const live = (db: Knex | Knex.Transaction, spec: KindSpec, org: string) =>
  db('documents').where({ org_id: org, kind: spec.kind }).whereNull('deleted_at');

function summary(row: VersionRow): VersionSummary {
  return {
    version: row.version,
    hash: row.hash,
    publishedAt: iso(row.published_at)!,
    ...(row.published_by ? { by: { id: row.published_by, name: row.by_name } } : {}),
    ...(row.rollback_of !== null ? { rollbackOf: row.rollback_of } : {}),
  };
}

const nameOf = (doc: Json) => (typeof doc.name === 'string' ? doc.name : '');

export async function listDocuments(db: Db, spec: KindSpec): Promise<DocumentListItem[]> {
  const rows = await live(db, spec, await orgId(db))
    .leftJoin('document_versions as v', function () {
      this.on('v.document_id', '=', 'documents.id').andOn('v.version', '=', 'documents.published_version');
    })
    .orderBy([{ column: 'documents.position' }, { column: 'documents.created_at' }])
    .select('documents.id', 'documents.name', 'documents.enabled', 'documents.draft_updated_at', 'v.version', 'v.hash', 'v.published_at', 'v.published_by')
    // a subquery, not a join: `users` has its own org_id, which the unqualified filters of `live` would find ambiguous
    .select(db.raw('(SELECT u.name FROM users u WHERE u.id = v.published_by) AS by_name'));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    draftUpdatedAt: iso(r.draft_updated_at)!,
    ...(r.version !== null
      ? { published: { version: r.version, hash: r.hash, publishedAt: iso(r.published_at)!, ...(r.published_by ? { by: { id: r.published_by, name: r.by_name } } : {}) } }
      : {}),
  }));
}

function versionsQuery(db: Knex | Knex.Transaction, documentId: string) {
  return db('document_versions as v')
    .leftJoin('users as u', 'u.id', 'v.published_by')
    .where('v.document_id', documentId)
    .select('v.version', 'v.hash', 'v.document', 'v.published_at', 'v.published_by', 'u.name as by_name', 'v.rollback_of');
}

export async function getDocument(db: Db, spec: KindSpec, id: string): Promise<DocumentDetail | undefined> {
  const row: DocumentRow | undefined = await live(db, spec, await orgId(db)).where({ id }).first();
  if (!row) return undefined;
  const versions: VersionRow[] = await versionsQuery(db, id).orderBy('v.version');
  const current = versions.find((v) => v.version === row.published_version);
  return {
    id: row.id,
    draft: row.draft,
    published: current ? { ...summary(current), document: current.document } : null,
    versions: versions.map(summary),
  };
}

export async function insertDocument(db: Db, spec: KindSpec, draft: Json): Promise<{ id: string; draft: Json }> {
  const org = await orgId(db);
  return db.transaction(async (trx) => {
    // one writer at a time per list, so positions stay distinct
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`documents:${org}:${spec.kind}`]);
    const { max } = (await live(trx, spec, org).max('position as max').first()) ?? { max: null };
    const [row] = await trx('documents')
      .insert({ org_id: org, kind: spec.kind, name: nameOf(draft), enabled: draft.enabled === true, draft, position: (max ?? 0) + 1 })
      .returning(['id', 'draft']);
    return row;
  });
}

export async function updateDraft(db: Db, spec: KindSpec, id: string, draft: Json): Promise<Json | undefined> {
  const [row] = await live(db, spec, await orgId(db))
    .where({ id })
    .update({ draft, name: nameOf(draft), enabled: draft.enabled === true, draft_updated_at: db.fn.now() })
    .returning(['draft']);
  return row?.draft;
}

/** Soft delete: its versions stay for the record; it leaves its list and is no longer evaluated. */
export async function deleteDocument(db: Db, spec: KindSpec, id: string): Promise<boolean> {
  const n = await live(db, spec, await orgId(db)).where({ id }).update({ deleted_at: db.fn.now(), published_version: null });
  return n > 0;
}

export type PublishSource = { from: 'draft' } | { from: 'version'; version: number };

export type PublishOutcome =
  | { ok: true; version: number; hash: string; publishedAt: string; unchanged: boolean }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'unknown-version'; versions: number[] }
  | { ok: false; reason: 'invalid'; document: Json };

/**
 * Publishes the draft, or an older version's document, as a new immutable version, in one
 * transaction holding the document's row lock. `prepare` validates (and migrates) the document to
 * publish, undefined when invalid (refused; nothing changes); `hash` fingerprints it. When the document is
 * exactly the published one, no version is added and the published one is answered.
 */
export async function publishDocument(
  db: Db,
  spec: KindSpec,
  id: string,
  source: PublishSource,
  by: string,
  prepare: (doc: Json) => Json | undefined,
  hash: (doc: Json) => string,
): Promise<PublishOutcome> {
  const org = await orgId(db);
  return db.transaction(async (trx) => {
    const row: DocumentRow | undefined = await live(trx, spec, org).where({ id }).forUpdate().first();
    if (!row) return { ok: false, reason: 'not-found' };
    const versions: VersionRow[] = await versionsQuery(trx, id).orderBy('v.version');
    let stored: Json;
    if (source.from === 'draft') {
      stored = row.draft;
    } else {
      const old = versions.find((v) => v.version === source.version);
      if (!old) return { ok: false, reason: 'unknown-version', versions: versions.map((v) => v.version) };
      stored = old.document;
    }
    const document = prepare(stored);
    if (!document) return { ok: false, reason: 'invalid', document: stored };
    const current = versions.find((v) => v.version === row.published_version);
    const digest = hash(document);
    if (current && canonicalJson(current.document) === canonicalJson(document)) {
      return { ok: true, version: current.version, hash: current.hash, publishedAt: iso(current.published_at)!, unchanged: true };
    }
    const version = (versions.at(-1)?.version ?? 0) + 1;
    const [created] = await trx('document_versions')
      .insert({
        document_id: id,
        version,
        hash: digest,
        document,
        published_by: by,
        rollback_of: source.from === 'version' ? source.version : null,
      })
      .returning(['published_at']);
    await trx('documents').where({ id }).update({ published_version: version });
    return { ok: true, version, hash: digest, publishedAt: iso(created.published_at)!, unchanged: false };
  });
}

/** Sets the list order; `ids` must be exactly the kind's documents, each once. */
export async function reorderDocuments(
  db: Db,
  spec: KindSpec,
  ids: readonly string[],
): Promise<{ ok: true } | { ok: false; missing: string[]; unknown: string[]; repeated: string[] }> {
  const org = await orgId(db);
  return db.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`documents:${org}:${spec.kind}`]);
    const existing: string[] = (await live(trx, spec, org).forUpdate().select('id')).map((r: { id: string }) => r.id);
    const known = new Set(existing);
    const given = new Set(ids);
    const missing = existing.filter((x) => !given.has(x));
    const unknown = [...given].filter((x) => !known.has(x));
    const repeated = [...new Set(ids.filter((x, i) => ids.indexOf(x) !== i))];
    if (missing.length || unknown.length || repeated.length) return { ok: false, missing, unknown, repeated };
    for (const [i, docId] of ids.entries()) await trx('documents').where({ id: docId }).update({ position: i + 1 });
    return { ok: true };
  });
}

/**
 * Every published document of a kind, in list order, read in one statement (one consistent
 * snapshot: never a mix of before and after a publish, rollback, order or delete). For the
 * evaluators (rules/ `compileAutomations` etc. take `PublishedDocument`s); not wired yet.
 */
export async function listPublished(db: Db, spec: KindSpec): Promise<Array<{ id: string; version: number; hash: string; document: Json }>> {
  const rows = await live(db, spec, await orgId(db))
    .join('document_versions as v', function () {
      this.on('v.document_id', '=', 'documents.id').andOn('v.version', '=', 'documents.published_version');
    })
    .orderBy([{ column: 'documents.position' }, { column: 'documents.created_at' }])
    .select('documents.id', 'v.version', 'v.hash', 'v.document');
  return rows;
}

// The admin audit: one row per admin change, with the actor's name as it was then.
import type { Db } from '../../platform/database.js';
import { afterCursor, pageOf } from '../../platform/keyset.js';
import { orgId } from '../../platform/org.js';

export interface AuditEntry {
  id: string;
  actor: { id: string | null; name: string };
  at: string;
  type: string;
  target: { kind: string; id?: string; name?: string };
  before: unknown;
  after: unknown;
}

export interface NewAuditEntry {
  actor: { id: string; name: string };
  type: string;
  target: { kind: string; id?: string; name?: string };
  before?: unknown;
  after?: unknown;
}

// jsonb takes any JSON value; undefined (nothing there) is stored as SQL null.
const asJson = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

export async function recordAudit(db: Db, entry: NewAuditEntry): Promise<void> {
  await db('admin_audit').insert({
    org_id: await orgId(db),
    actor_id: entry.actor.id,
    actor_name: entry.actor.name,
    type: entry.type,
    target_kind: entry.target.kind,
    target_id: entry.target.id ?? null,
    target_name: entry.target.name ?? null,
    before: asJson(entry.before),
    after: asJson(entry.after),
  });
}

export interface AuditQuery {
  from?: string;
  to?: string;
  actorId?: string;
  /** `channel.updated`, or a kind alone (`channel`) for all of its types. */
  type?: string;
  limit: number;
  cursor?: string;
}

interface AuditRow {
  id: string;
  actor_id: string | null;
  actor_name: string;
  at: Date;
  type: string;
  target_kind: string;
  target_id: string | null;
  target_name: string | null;
  before: unknown;
  after: unknown;
}

function present(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    actor: { id: row.actor_id, name: row.actor_name },
    at: row.at.toISOString(),
    type: row.type,
    target: {
      kind: row.target_kind,
      ...(row.target_id ? { id: row.target_id } : {}),
      ...(row.target_name ? { name: row.target_name } : {}),
    },
    before: row.before,
    after: row.after,
  };
}

/** Newest first, a page at a time. */
export async function listAudit(db: Db, q: AuditQuery): Promise<{ items: AuditEntry[]; nextCursor?: string }> {
  const query = db('admin_audit').where({ org_id: await orgId(db) }).select<AuditRow[]>('*');
  if (q.from) query.where('at', '>=', q.from);
  if (q.to) query.where('at', '<', q.to);
  if (q.actorId) query.where({ actor_id: q.actorId });
  if (q.type) {
    const type = q.type;
    if (type.includes('.')) query.where({ type });
    else query.where((w) => w.where({ type }).orWhere('type', 'like', `${type.replace(/[\\%_]/g, '\\$&')}.%`));
  }
  const rows = await afterCursor(query, { at: 'at', id: 'id', order: 'desc', limit: q.limit, cursor: q.cursor });
  const { page, nextCursor } = pageOf(rows, q.limit, (r) => ({ at: r.at.toISOString(), id: r.id }));
  return { items: page.map(present), ...(nextCursor ? { nextCursor } : {}) };
}

// Reading live events in commit order. Ids come from a sequence, so a transaction that started
// earlier may commit a lower id after a reader has passed it. Each row therefore carries its
// transaction id (`xid`): every transaction older than the oldest one still running has finished,
// so rows with `xid` below that horizon are final and can be read in (xid, id) order without gaps.
// A position is that pair; it is also what clients send back as Last-Event-ID.
import type { Db } from '../../platform/database.js';

export interface Position {
  xid: string;
  id: number;
}

export interface LiveRow {
  id: number;
  xid: string;
  kind: string;
  conversation_id: string | null;
  channel_id: string | null;
  contact_id: string | null;
  user_id: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
}

export function encodePosition(p: Position): string {
  return `${p.xid}-${p.id}`;
}

/** A position given back by a client, or undefined when it is not one we gave out. */
export function decodePosition(raw: string | undefined): Position | undefined {
  const m = raw ? /^(\d{1,20})-(\d{1,19})$/.exec(raw.trim()) : null;
  return m ? { xid: m[1], id: Number(m[2]) } : undefined;
}

async function horizon(db: Db): Promise<string> {
  // Its own statement: its snapshot is taken before the read below, so everything under the
  // horizon had committed (or aborted) before the read's snapshot.
  const { rows } = await db.raw('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon');
  return rows[0].horizon as string;
}

/** Where a new reader starts: after everything final now. */
export async function currentPosition(db: Db): Promise<Position> {
  return { xid: await horizon(db), id: 0 };
}

/**
 * Final events after `after`, oldest first, and whether more exist that are not final yet (their
 * transaction, or one older, is still running): the caller should look again shortly.
 */
export async function readAfter(db: Db, after: Position, limit = 500): Promise<{ rows: LiveRow[]; notFinal: boolean }> {
  const below = await horizon(db);
  const { rows } = await db.raw(
    `SELECT id, xid::text AS xid, kind, conversation_id, channel_id, contact_id, user_id, payload, created_at
       FROM live_events
      WHERE (xid, id) > (?::xid8, ?::bigint) AND xid < ?::xid8
      ORDER BY xid, id
      LIMIT ?`,
    [after.xid, after.id, below, limit],
  );
  let notFinal = false;
  if (rows.length < limit) {
    // In index order: an EXISTS let the planner scan the table from its oldest row for one at its end
    // (seen in `npm run bench` while a burst grew the table faster than its statistics).
    const { rows: later } = await db.raw('SELECT 1 FROM live_events WHERE xid >= ?::xid8 ORDER BY xid, id LIMIT 1', [below]);
    notFinal = later.length > 0;
  }
  return { rows: rows as LiveRow[], notFinal };
}

/** Whether events after `p` may have been pruned (the client must reload rather than resume). */
export async function prunedSince(db: Db, p: Position): Promise<boolean> {
  const row = await db('live_events_pruned').first('through_id');
  return Number(row?.through_id ?? 0) > p.id;
}

/** Deletes events older than `seconds`; remembers the highest id deleted. */
export async function pruneLiveEvents(db: Db, seconds: number): Promise<number> {
  const { rows } = await db.raw(
    `WITH gone AS (
       DELETE FROM live_events WHERE created_at < now() - make_interval(secs => ?) RETURNING id
     ), mark AS (
       UPDATE live_events_pruned SET through_id = greatest(through_id, (SELECT max(id) FROM gone))
        WHERE EXISTS (SELECT 1 FROM gone) RETURNING 1
     )
     SELECT (SELECT count(*) FROM gone)::int AS n, (SELECT count(*) FROM mark) AS marked`,
    [seconds],
  );
  return rows[0].n as number;
}

export function positionOf(row: LiveRow): Position {
  return { xid: row.xid, id: Number(row.id) };
}

/** (xid, id) order; xids compared as numbers (they are 64-bit, kept as text). */
export function comparePositions(a: Position, b: Position): number {
  const ax = BigInt(a.xid);
  const bx = BigInt(b.xid);
  if (ax !== bx) return ax < bx ? -1 : 1;
  return a.id - b.id;
}

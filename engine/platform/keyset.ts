// Keyset pagination over (instant, id): stable under inserts, one index range per page. The cursor
// is opaque to clients (base64url JSON of the last row's key); a tampered one is refused.
import type { Knex } from 'knex';
import { Invalid } from './errors.js';

export class BadCursorError extends Invalid {}

interface Key {
  at: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function encodeCursor(key: Key): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(raw: string): Key {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString());
    if (typeof c.at === 'string' && typeof c.id === 'string' && !Number.isNaN(Date.parse(c.at)) && UUID.test(c.id)) return c;
  } catch {
    // fall through
  }
  throw new BadCursorError('cursor is not one this API gave out: pass nextCursor from the previous page unchanged');
}

export interface Keyset {
  /** Columns of the key: a timestamptz and a uuid (the tie-breaker). */
  at: string;
  id: string;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

/** Restricts `q` to the rows after the cursor, in key order, one more than a page (to know if more follow). */
export function afterCursor<Q extends Knex.QueryBuilder>(q: Q, k: Keyset): Q {
  if (k.cursor) {
    const c = decodeCursor(k.cursor);
    q.whereRaw(`(${k.at}, ${k.id}) ${k.order === 'desc' ? '<' : '>'} (?::timestamptz, ?::uuid)`, [c.at, c.id]);
  }
  q.orderBy([{ column: k.at, order: k.order }, { column: k.id, order: k.order }]).limit(k.limit + 1);
  return q;
}

/** The page of rows `afterCursor` fetched, and the cursor to the next page when there is one. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => Key): { page: T[]; nextCursor?: string } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return rows.length > limit && last ? { page, nextCursor: encodeCursor(keyOf(last)) } : { page };
}

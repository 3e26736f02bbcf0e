import type { Db } from './database.js';

const cache = new WeakMap<Db, Promise<string>>();

/** One organisation per installation for now; every row still names it, for multi-tenancy later. */
export function orgId(db: Db): Promise<string> {
  let id = cache.get(db);
  if (!id) {
    id = db('organisations').orderBy('created_at').first('id').then((row) => {
      if (!row) throw new Error('no organisation: run the migrations first');
      return row.id as string;
    });
    cache.set(db, id);
  }
  return id;
}

export function iso(value: Date | string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

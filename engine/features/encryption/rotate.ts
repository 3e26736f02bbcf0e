// `npm run rotate-key`: every stored sealed value re-sealed under the current key, and private
// data still stored as plaintext (written before encryption) sealed. Works in batches over each
// table in key order; a row is picked only while it holds something not sealed under the current
// key, so a run stopped half-way resumes where it was, and a second run changes nothing.
import { getConnector } from '../../../connectors/index.js';
import type { Db } from '../../platform/database.js';
import { isSealed, keyIdOf, open, sealJson, sealText, SEALED_ANYWHERE, type Keyring } from '../../platform/crypto/index.js';

export interface StoreCount {
  /** Rows re-sealed (at least one value changed). */
  rows: number;
  /** Values sealed for the first time (plaintext from before encryption). */
  sealed: number;
  /** Values moved from an older key to the current one. */
  rekeyed: number;
  /** Values that could not be opened (a key not held): left as they are. */
  failed: number;
}

export type RotationCounts = Record<string, StoreCount>;

interface Store {
  name: string;
  table: string;
  /** Orderable columns that are unique together: the batches' cursor. */
  key: string[];
  columns: string[];
  /** Rows worth reading: SQL over the row with `?` for the current key id (given as many times as `?` appear). */
  candidates: string;
  /** The changed columns of a row, or undefined when none changed. */
  reseal(row: Record<string, unknown>, r: Resealer): Record<string, unknown> | undefined;
}

class Resealer {
  constructor(readonly ring: Keyring, readonly count: StoreCount) {}

  private rekey(token: string): string {
    try {
      const plain = open(this.ring, token);
      this.count.rekeyed++;
      return token.startsWith('sb1j:') ? sealJson(this.ring, plain) : sealText(this.ring, plain as string);
    } catch {
      this.count.failed++;
      return token;
    }
  }

  /** Every sealed value in a text, under the current key; plaintext stays unless `sealPlain`. */
  text(value: string, sealPlain = false): string {
    if (isSealed(value)) return keyIdOf(value) === this.ring.current.id ? value : this.rekey(value);
    if (sealPlain) {
      if (value === '') return value;
      this.count.sealed++;
      return sealText(this.ring, value);
    }
    return value.replace(SEALED_ANYWHERE, (token, _p, keyId: string) => (keyId === this.ring.current.id ? token : this.rekey(token)));
  }

  /** Every sealed string inside a jsonb value. */
  json(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.json(v));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.json(v)]));
    return value;
  }
}

const changed = (before: unknown, after: unknown) => JSON.stringify(before) !== JSON.stringify(after);

const STORES: Store[] = [
  {
    name: 'channel secrets',
    table: 'channels',
    key: ['id'],
    columns: ['type', 'config'],
    candidates: 'true',
    reseal(row, r) {
      const secrets = new Set(getConnector(String(row.type))?.secretKeys ?? []);
      const config = row.config as Record<string, unknown>;
      const next = Object.fromEntries(Object.entries(config).map(([k, v]) =>
        [k, typeof v === 'string' ? r.text(v, secrets.has(k)) : r.json(v)]));
      return changed(config, next) ? { config: JSON.stringify(next) } : undefined;
    },
  },
  {
    name: 'private messages',
    table: 'messages',
    key: ['id'],
    columns: ['text', 'attachments', 'extra'],
    candidates: `kind = 'private' AND ((text <> '' AND text NOT LIKE 'sb1:' || ? || ':%')
                  OR (attachments <> '[]'::jsonb AND attachments::text NOT LIKE '"sb1j:' || ? || ':%')
                  OR (extra IS NOT NULL AND extra <> 'null'::jsonb AND extra::text NOT LIKE '"sb1j:' || ? || ':%'))`,
    reseal(row, r) {
      const text = r.text(String(row.text), true);
      const jsonValue = (value: unknown) => {
        if (typeof value === 'string') return r.text(value);
        if (value === null || typeof value !== 'object' || (Array.isArray(value) && value.length === 0)) return value;
        r.count.sealed++;
        return sealJson(r.ring, value);
      };
      const attachments = jsonValue(row.attachments);
      const extra = jsonValue(row.extra);
      const out: Record<string, unknown> = {};
      if (text !== row.text) out.text = text;
      if (attachments !== row.attachments) out.attachments = JSON.stringify(attachments);
      if (extra !== row.extra) out.extra = JSON.stringify(extra);
      return Object.keys(out).length ? out : undefined;
    },
  },
  {
    name: "private conversations' last message",
    table: 'conversations',
    key: ['id'],
    columns: ['last_message_text'],
    candidates: `kind = 'private' AND last_message_text <> '' AND last_message_text NOT LIKE 'sb1:' || ? || ':%'`,
    reseal(row, r) {
      const text = r.text(String(row.last_message_text), true);
      return text !== row.last_message_text ? { last_message_text: text } : undefined;
    },
  },
  ...([
    ['audit entries quoting private messages', 'conversation_events', ['id'], 'detail'],
    ['message changes waiting', 'message_events', ['channel_id', 'event_id'], 'event'],
    ['notifications', 'notifications', ['id'], 'detail'],
  ] as const).map(([name, table, key, column]): Store => ({
    name,
    table,
    key: [...key],
    columns: [column],
    // Rows already under the current key are read again and left: only sealed values are touched here.
    candidates: `${column}::text LIKE '%sb1%'`,
    reseal(row, r) {
      const next = r.json(row[column]);
      return changed(row[column], next) ? { [column]: JSON.stringify(next) } : undefined;
    },
  })),
  {
    name: 'notification e-mails',
    table: 'email_outbox',
    key: ['id'],
    columns: ['subject', 'text'],
    candidates: `(subject || text) LIKE '%sb1%'`,
    reseal(row, r) {
      const subject = r.text(String(row.subject));
      const text = r.text(String(row.text));
      return subject !== row.subject || text !== row.text ? { subject, text } : undefined;
    },
  },
];

/**
 * Re-seals every store under `ring.current`. `db` must read values as stored (createDb asStored).
 * `onBatch` hears progress after each batch.
 */
export async function resealAll(db: Db, ring: Keyring, o: { batchSize?: number; onBatch?: (store: string, count: StoreCount) => void } = {}): Promise<RotationCounts> {
  const batchSize = o.batchSize ?? 500;
  const counts: RotationCounts = {};
  for (const store of STORES) {
    const count: StoreCount = { rows: 0, sealed: 0, rekeyed: 0, failed: 0 };
    counts[store.name] = count;
    const r = new Resealer(ring, count);
    const binds = (store.candidates.match(/\?/g) ?? []).map(() => ring.current.id);
    const keyOf = (row: Record<string, unknown>) => store.key.map((k) => row[k] as string);
    const tuple = `(${store.key.join(', ')})`;
    let after: string[] | undefined;
    for (;;) {
      const q = db(store.table).select(...store.key, ...store.columns).whereRaw(store.candidates, binds).orderBy(store.key).limit(batchSize);
      if (after) q.whereRaw(`${tuple} > (${after.map(() => '?').join(', ')})`, after);
      const rows: Record<string, unknown>[] = await q;
      if (rows.length === 0) break;
      await db.transaction(async (trx) => {
        for (const row of rows) {
          const patch = store.reseal(row, r);
          if (!patch) continue;
          await trx(store.table).where(Object.fromEntries(store.key.map((k) => [k, row[k]]))).update(patch);
          count.rows++;
        }
      });
      after = keyOf(rows[rows.length - 1]);
      o.onBatch?.(store.name, count);
    }
  }
  return counts;
}

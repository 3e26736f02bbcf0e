// Webhooks of a burst share their record statement. Each delivery's 200 still waits for its own
// messages to be committed, but the deliveries that arrive while a record statement runs go to
// the database together in the next one: one transaction, one WAL flush and one round trip for
// all of them, instead of one each. On two cores that is the database's CPU the webhooks and the
// relay compete for. A lone delivery goes at once, as before: nothing waits for a batch to fill.
import type { Db } from '../../platform/database.js';
import { inboundRows, insertInbound, recordInbound, type InboundRow, type RecordedInbound } from './record.js';
import type { InboundEvent } from '../../../connectors/types.js';

/** Record statements of one process at the same time; more deliveries wait for the next. Measured
 * (`npm run bench`, 400 webhooks/s on two cores): ack p99 66–171 ms with one, 109–252 ms with two,
 * 344 ms with four: the bigger the batches, the less the database's CPU each delivery costs. */
const IN_FLIGHT = 1;
/** Messages in one statement at most: a statement of a few hundred rows still commits in milliseconds. */
const MAX_ROWS = 500;

interface Waiting {
  channelId: string;
  rows: InboundRow[];
  events: number;
  resolve: (r: RecordedInbound) => void;
  reject: (err: unknown) => void;
}

interface GroupCommit {
  record(channelId: string, events: InboundEvent[]): Promise<RecordedInbound>;
}

function groupCommit(db: Db): GroupCommit {
  const queue: Waiting[] = [];
  let inFlight = 0;

  function pump(): void {
    while (inFlight < IN_FLIGHT && queue.length > 0) {
      let rows = 0;
      let n = 0;
      while (n < queue.length && (n === 0 || rows + queue[n].rows.length <= MAX_ROWS)) rows += queue[n++].rows.length;
      const batch = queue.splice(0, n);
      inFlight++;
      run(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  async function run(batch: Waiting[]): Promise<void> {
    try {
      const results = await insertInbound(db, batch);
      batch.forEach((w, i) => w.resolve({ stored: results[i].stored, duplicates: w.events - results[i].stored, changesWaiting: results[i].changesWaiting }));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      // One delivery's failure is not the others': each is recorded alone, and fails (or answers its error) alone.
      await Promise.all(batch.map((w) => insertInbound(db, [w]).then(
        ([r]) => w.resolve({ stored: r.stored, duplicates: w.events - r.stored, changesWaiting: r.changesWaiting }),
        w.reject,
      )));
    }
  }

  return {
    async record(channelId, events) {
      if (events.length === 0) return { stored: 0, duplicates: 0, changesWaiting: false };
      // An echo of our own send updates its outbound row first: rare, and recorded alone.
      if (events.some((e) => e.outboundId)) return recordInbound(db, channelId, events);
      const rows = inboundRows(events);
      return new Promise<RecordedInbound>((resolve, reject) => {
        queue.push({ channelId, rows, events: events.length, resolve, reject });
        pump();
      });
    },
  };
}

const perDatabase = new WeakMap<Db, GroupCommit>();

/** recordInbound for a delivery outside any transaction, its statement shared with the deliveries that arrive meanwhile. */
export function recordInboundGrouped(db: Db, channelId: string, events: InboundEvent[]): Promise<RecordedInbound> {
  if (db.isTransaction) return recordInbound(db, channelId, events);
  let group = perDatabase.get(db);
  if (!group) perDatabase.set(db, (group = groupCommit(db)));
  return group.record(channelId, events);
}

// One per API process: reads the live events in commit order once, describes each batch once, and
// writes it to this process's Server-Sent-Events clients. Woken by NOTIFY (any process's writes),
// polling as a fallback; a client resuming from a position first replays what it missed from the
// table, then follows the live batches, never skipping nor repeating an event.
import type { Logger } from 'pino';
import type { Db } from '../../platform/database.js';
import { listen, waker } from '../../platform/listen.js';
import type { User } from '../people/users-repository.js';
import { describeBatch, type Describer } from './describe.js';
import { LIVE_CHANNEL } from './notify.js';
import {
  comparePositions,
  currentPosition,
  decodePosition,
  encodePosition,
  positionOf,
  prunedSince,
  pruneLiveEvents,
  readAfter,
  type LiveRow,
  type Position,
} from './repository.js';
import { accessOf, type Access } from '../permissions/repository.js';
import { visibleTo } from './visibility.js';

export interface LiveHubOptions {
  db: Db;
  logger: Logger;
  /** For the LISTEN connection; absent: the database handle's own settings. */
  databaseUrl?: string;
  /** Poll this often when no NOTIFY comes (covers a lost LISTEN connection). */
  pollMs?: number;
  /** Read the events at most this often, however many wakes come. */
  minGapMs?: number;
  keepAliveMs?: number;
  /** Every this many keep-alives, each client's sign-in is checked again (default 4: a minute). */
  recheckEvery?: number;
  /** Events are kept this long for clients that resume. */
  keepSeconds?: number;
  pruneEveryMs?: number;
}

export interface LiveSubscription {
  close(): void;
}

/** The client's user as they are now, or undefined once their sign-in is no longer valid. */
export type Recheck = () => Promise<User | undefined>;

export interface LiveHub {
  /** Streams events to `write` from `from` (a position the client gave back), or from now. */
  subscribe(user: User, from: string | undefined, write: (frame: string) => void, end: () => void, recheck?: Recheck): Promise<LiveSubscription>;
  stop(): Promise<void>;
}

interface Client {
  user: User;
  /** What the user holds on each channel, read again with each sign-in re-check. */
  access: Access;
  position: Position;
  chain: Promise<void>;
  write(frame: string): void;
  end(): void;
  recheck?: Recheck;
  closed: boolean;
}

const BATCH = 500;

export function frame(kind: string, id: string | undefined, data: unknown): string {
  return `${id ? `id: ${id}\n` : ''}event: ${kind}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function startLiveHub(o: LiveHubOptions): LiveHub {
  const log = o.logger.child({ component: 'live' });
  const pollMs = o.pollMs ?? 1000;
  const minGapMs = o.minGapMs ?? 50;
  const clients = new Set<Client>();
  // Where the hub has read up to; read and moved synchronously with the client list.
  let position: Position | undefined;
  const pause = waker();
  // The database may not answer yet (a restart): keep trying rather than fail the process.
  const started = (async () => {
    while (!pause.stopped && !position) {
      try {
        position = await currentPosition(o.db);
      } catch (err) {
        log.warn({ err }, 'live: cannot read the current position; retrying');
        await pause.sleep(pollMs);
      }
    }
  })();

  function deliver(client: Client, rows: LiveRow[], describe: Describer) {
    for (const row of rows) {
      if (client.closed) return;
      const at = positionOf(row);
      if (comparePositions(at, client.position) <= 0) continue;
      client.position = at;
      if (!visibleTo(client.user, client.access, row, describe.isPublic(row))) continue;
      const data = describe(row, client.user);
      if (data) client.write(frame(row.kind, encodePosition(at), data));
    }
  }

  async function loop() {
    await started;
    if (!position) return;
    let from = position;
    let soon = 20;
    let readAt = 0;
    while (!pause.stopped) {
      // During a burst every commit wakes the hub: reads at most every minGapMs gather them into
      // fewer, larger batches (each read and description is several statements).
      const gap = readAt + minGapMs - Date.now();
      if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
      readAt = Date.now();
      pause.round();
      let again = false;
      try {
        const { rows, notFinal } = await readAfter(o.db, from, BATCH);
        if (rows.length) {
          const describe = await describeBatch(o.db, rows);
          // Synchronously with moving the hub's position, so a client subscribing now gets either
          // this batch or a start after it.
          for (const client of clients) client.chain = client.chain.then(() => deliver(client, rows, describe));
          from = positionOf(rows[rows.length - 1]);
          position = from;
        }
        again = rows.length === BATCH || notFinal;
        // Held back by a long transaction: look again less and less often, up to the poll interval.
        soon = notFinal && !rows.length ? Math.min(soon * 2, pollMs) : 20;
      } catch (err) {
        if (!pause.stopped) log.error({ err }, 'live: reading events failed');
      }
      // Events not final yet belong to a transaction still running: look again soon.
      await pause.sleep(again ? soon : pollMs);
    }
  }

  async function catchUp(client: Client) {
    for (;;) {
      const { rows } = await readAfter(o.db, client.position, BATCH);
      if (rows.length === 0 || client.closed) return;
      deliver(client, rows, await describeBatch(o.db, rows));
      if (rows.length < BATCH) return;
    }
  }

  const listener = listen({ db: o.db, databaseUrl: o.databaseUrl, channel: LIVE_CHANNEL, logger: log, onNotification: pause.wake, onListening: pause.wake });
  const running = loop();

  // A stream outlives its request: its token may expire or be revoked, its user's role or channel
  // permissions change.
  async function recheck(client: Client) {
    const now = await client.recheck!().catch(() => client.user); // a failed check is tried again next time
    if (client.closed) return;
    if (now) {
      client.user = now;
      client.access = await accessOf(o.db, now).catch(() => client.access);
      return;
    }
    client.write(frame('unauthorized', undefined, { message: 'your session ended: sign in again' }));
    client.closed = true;
    clients.delete(client);
    client.end();
  }
  let ticks = 0;
  const keepAlive = setInterval(() => {
    const checking = ++ticks % (o.recheckEvery ?? 4) === 0;
    for (const client of clients) {
      client.chain = client.chain.then(() => {
        client.write(': keep-alive\n\n');
        if (checking && client.recheck) return recheck(client);
      });
    }
  }, o.keepAliveMs ?? 15_000);
  const pruneEvery = o.pruneEveryMs ?? 10 * 60_000;
  const prune = setInterval(() => {
    pruneLiveEvents(o.db, o.keepSeconds ?? 86_400).catch((err) => log.warn({ err }, 'live: pruning failed'));
  }, pruneEvery);
  keepAlive.unref();
  prune.unref();

  return {
    async subscribe(user, from, write, end, recheckUser) {
      const resumeFrom = from === undefined ? undefined : decodePosition(from);
      const gone = resumeFrom ? await prunedSince(o.db, resumeFrom) : false;
      const access = await accessOf(o.db, user);
      await started;
      // From here to clients.add, nothing awaits: no batch can slip between the two.
      const client: Client = { user, access, position: position!, chain: Promise.resolve(), write, end, recheck: recheckUser, closed: false };
      clients.add(client);
      if (from !== undefined && (!resumeFrom || gone)) {
        // Events the client missed are gone (or the id is not one we gave): it must reload what it shows.
        write(frame('reset', encodePosition(client.position), { reason: 'the events since your last one are no longer kept: reload what you show' }));
      } else if (resumeFrom) {
        client.position = resumeFrom;
        client.chain = catchUp(client).catch((err) => {
          log.error({ err }, 'live: replay failed');
          client.end();
        });
      } else {
        // The position now, so a reconnect before any event resumes from here.
        write(frame('ready', encodePosition(client.position), { position: encodePosition(client.position) }));
      }
      return {
        close() {
          client.closed = true;
          clients.delete(client);
        },
      };
    },
    async stop() {
      pause.stop();
      clearInterval(keepAlive);
      clearInterval(prune);
      for (const client of clients) {
        client.closed = true;
        client.end();
      }
      clients.clear();
      await running;
      await listener.stop();
    },
  };
}


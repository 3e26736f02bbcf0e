// Background loops woken by PostgreSQL NOTIFY: the relay, the mailer and the routing dispatcher.
// Each LISTENs on a dedicated connection (a pooled one would be handed to queries), reconnects
// when it drops, and keeps polling meanwhile, so a lost connection only delays work.
import type { Knex } from 'knex';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Db } from './database.js';

const RECONNECT_MS = 1000;

export interface ListenOptions {
  db: Db;
  /** Connection string of the dedicated connection; absent: the database handle's own settings. */
  databaseUrl?: string;
  channel: string;
  logger: Logger;
  onNotification(payload: string): void;
  /** Listening (again): what was notified while not listening is worth a look now. */
  onListening?(): void;
}

export interface Listener {
  /** Resolves once the first LISTEN is in place. */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

function connectionOf(db: Db, databaseUrl?: string): string | pg.ClientConfig {
  if (databaseUrl) return databaseUrl;
  const connection = (db.client as { config: Knex.Config }).config.connection;
  if (typeof connection === 'string' || (connection && typeof connection === 'object')) return connection as string | pg.ClientConfig;
  throw new Error('LISTEN needs a databaseUrl: the database handle has no plain connection settings');
}

export function listen(o: ListenOptions): Listener {
  let stopped = false;
  let current: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let listening!: () => void;
  const ready = new Promise<void>((resolve) => (listening = resolve));

  const reconnectLater = () => {
    if (!stopped) retry = setTimeout(() => void connect(), RECONNECT_MS);
  };

  async function connect() {
    if (stopped) return;
    const client = new pg.Client(connectionOf(o.db, o.databaseUrl));
    client.on('error', (err) => {
      if (current !== client) return;
      o.logger.warn({ err, channel: o.channel }, 'LISTEN connection lost; polling until it is back');
      current = undefined;
      void client.end().catch(() => undefined);
      reconnectLater();
    });
    client.on('notification', (n) => {
      if (n.channel === o.channel) o.onNotification(n.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${o.channel}`);
      if (stopped) return void (await client.end().catch(() => undefined));
      current = client;
      listening();
      o.onListening?.();
    } catch (err) {
      o.logger.warn({ err, channel: o.channel }, 'cannot LISTEN; polling and retrying');
      await client.end().catch(() => undefined);
      reconnectLater();
    }
  }
  void connect();

  return {
    ready: () => ready,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const last = current;
      current = undefined;
      await last?.end().catch(() => undefined);
    },
  };
}

/** A loop's pause between rounds that a notification (or stop) cuts short. */
export function waker() {
  let woken = false;
  let stopped = false;
  const sleepers = new Set<() => void>();
  const wake = () => {
    woken = true;
    for (const done of sleepers) done();
  };
  return {
    wake,
    stop() {
      stopped = true;
      wake();
    },
    get stopped() {
      return stopped;
    },
    /** Starts a round: wakes that come during it cut the next sleep short. */
    round() {
      woken = false;
    },
    sleep(ms: number) {
      return new Promise<void>((resolve) => {
        if (woken || stopped) return resolve();
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          sleepers.delete(done);
          resolve();
        }
        sleepers.add(done);
      });
    },
  };
}

import knexFactory,{ type Knex } from 'knex';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { lowerPriority } from './priority.js';
import { openDeep } from './crypto/process-keyring.js';
import * as foundation from './migrations/001_foundation.js';
import * as documents from './migrations/002_documents.js';
import * as settings from './migrations/003_settings.js';
import * as lifecycle from './migrations/004_lifecycle.js';
import * as notifications from './migrations/005_notifications.js';
import * as ruleGeneration from './migrations/006_rule_generation.js';
import * as savedReplies from './migrations/007_saved_replies.js';
import * as conversationScript from './migrations/008_conversation_script.js';
import * as channelEvents from './migrations/009_channel_events.js';
import * as liveEvents from './migrations/010_live_events.js';
import * as inboxContext from './migrations/011_inbox_context.js';
import * as authAudit from './migrations/012_auth_audit.js';
import * as operations from './migrations/013_operations.js';
import * as channelPermissions from './migrations/014_channel_permissions.js';
import * as messageChanges from './migrations/015_message_changes.js';
import * as evaluatedOnReceipt from './migrations/016_evaluated_on_receipt.js';
import * as relayAffinity from './migrations/017_relay_affinity.js';
import * as unreadNotificationCounts from './migrations/018_unread_notification_counts.js';

export type Db = Knex;

// timestamptz → ISO strings is done in the repositories; bigint counts as numbers.
pg.types.setTypeParser(20, (v) => Number(v));

// Migrations are imported, not looked up on disk, so they work the same under tsx, vitest and a bundle.
const migrations: Record<string, Knex.Migration> = {
  '001_foundation': foundation,
  '002_documents': documents,
  '003_settings': settings,
  '004_lifecycle': lifecycle,
  '005_notifications': notifications,
  '006_rule_generation': ruleGeneration,
  '007_saved_replies': savedReplies,
  '008_conversation_script': conversationScript,
  '009_channel_events': channelEvents,
  '010_live_events': liveEvents,
  '011_inbox_context': inboxContext,
  '012_auth_audit': authAudit,
  '013_operations': operations,
  '014_channel_permissions': channelPermissions,
  '015_message_changes': messageChanges,
  '016_evaluated_on_receipt': evaluatedOnReceipt,
  '017_relay_affinity': relayAffinity,
  '018_unread_notification_counts': unreadNotificationCounts,
};

const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};

/**
 * A knex over the database. What it reads comes back with every sealed value opened (the
 * process's keyring, crypto/process-keyring.ts); `asStored` reads values as they are stored
 * (rotate-key re-seals them).
 */
export function createDb(databaseUrl: string, poolMax = 20, o: { asStored?: boolean; backgroundNice?: number } = {}): Db {
  return knexFactory({
    client: 'pg',
    connection: databaseUrl,
    pool: {
      min: 0,
      max: poolMax,
      // A burst after a quiet spell finds its connections open (opening one costs a SCRAM
      // handshake on both sides; tarn's default closed them after 30 s idle).
      idleTimeoutMillis: 10 * 60_000,
      ...(o.backgroundNice ? { afterCreate: lowerLocalBackend(o.backgroundNice) } : {}),
    },
    ...(o.asStored ? {} : { postProcessResponse: (result: unknown) => openDeep(result) }),
  });
}

/**
 * Background work (the relay, the worker's activities) also runs inside PostgreSQL: a connection
 * over a Unix socket or loopback has its server process on this machine, which is lowered like the
 * process that uses it, so webhooks' statements come first. A remote server is left as it is, and
 * so is one this user may not lower.
 */
function lowerLocalBackend(nice: number) {
  return (connection: pg.Client, done: (err: Error | null, connection: pg.Client) => void) => {
    connection
      .query(`SELECT pg_backend_pid() AS pid, coalesce(host(inet_server_addr()) IN ('127.0.0.1', '::1'), true) AS local`)
      .then(({ rows: [row] }) => {
        if (row.local && isPostgresProcess(row.pid)) lowerPriority(row.pid, nice);
      })
      .catch(() => undefined)
      .finally(() => done(null, connection));
  };
}

function isPostgresProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres:');
  } catch {
    return false;
  }
}

// Any fixed number: the advisory lock that makes migrating processes take turns.
const MIGRATION_LOCK = 72_616_001;

/**
 * knex's own lock is a row flag: two processes starting together made the second fail ("Migration
 * table is already locked"), and a process killed while migrating left the flag set, so every later
 * start failed. A PostgreSQL advisory lock on the session waits instead, and dies with its process;
 * holding it, a flag left by a dead process can be cleared safely.
 */
export async function migrate(db: Db): Promise<void> {
  // A connection of its own, outside the pool, which the migrations need whole (a pool of 2 would deadlock).
  const settings = db.client.config.connection as string | pg.ClientConfig;
  const lock = new pg.Client(typeof settings === 'string' ? { connectionString: settings } : settings);
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await lock.query(`DO $$ BEGIN IF to_regclass('knex_migrations_lock') IS NOT NULL THEN UPDATE knex_migrations_lock SET is_locked = 0; END IF; END $$`);
    await db.migrate.latest({ migrationSource });
  } finally {
    // Closing the session releases the advisory lock.
    await lock.end();
  }
}

export async function checkDatabase(db: Db): Promise<void> {
  await db.raw('select 1');
}

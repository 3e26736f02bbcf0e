import knexFactory,{ type Knex } from 'knex';
import pg from 'pg';
import * as foundation from './migrations/001_foundation.js';
import * as documents from './migrations/002_documents.js';
import * as settings from './migrations/003_settings.js';
import * as lifecycle from './migrations/004_lifecycle.js';
import * as notifications from './migrations/005_notifications.js';
import * as ruleGeneration from './migrations/006_rule_generation.js';
import * as savedReplies from './migrations/007_saved_replies.js';
import * as conversationScript from './migrations/008_conversation_script.js';
import * as liveEvents from './migrations/010_live_events.js';
import * as inboxContext from './migrations/011_inbox_context.js';
import * as channelPermissions from './migrations/013_channel_permissions.js';

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
  '010_live_events': liveEvents,
  '011_inbox_context': inboxContext,
  '013_channel_permissions': channelPermissions,
};

const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};

export function createDb(databaseUrl: string, poolMax = 20): Db {
  return knexFactory({
    client: 'pg',
    connection: databaseUrl,
    pool: { min: 0, max: poolMax },
  });
}

export async function migrate(db: Db): Promise<void> {
  await db.migrate.latest({ migrationSource });
}

export async function checkDatabase(db: Db): Promise<void> {
  await db.raw('select 1');
}

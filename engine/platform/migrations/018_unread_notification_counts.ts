import type { Knex } from 'knex';

// The bell's unread count, kept as it changes instead of counted (issue 11). Counted, it read every
// unread notification of the user, and every live batch carrying a notification counted for each
// of its users: a new conversation tells everyone on its channel, and what a user never opens
// stays unread, so the count grew by thousands a day per agent. The count is kept per user,
// channel and conversation kind, the parts visibility depends on (permissions/sql.ts), so that a
// grant given or taken away changes the count at once, as it did when counted. A notification
// keeps its conversation's channel and kind (neither ever changes), so that the count still goes
// down when a notification goes with its conversation or channel. Triggers per statement keep the
// counts in the transaction that changes the notifications, each counter row locked in one order.
// Each count is split in a few slots, one per database session modulo their number: two relays
// linking at once (each notifying everyone on the channel) each wait for the other's commit on
// one row otherwise (with two API processes the notifications' statement took 23–29 ms against
// 9–13 without counts); a count is the sum of its slots.
const SLOTS = 8;

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE notifications ADD COLUMN channel_id uuid, ADD COLUMN conversation_kind text');
  await knex.raw(`UPDATE notifications n SET channel_id = c.channel_id, conversation_kind = c.kind
                    FROM conversations c WHERE c.id = n.conversation_id`);
  await knex.raw('ALTER TABLE notifications ALTER COLUMN channel_id SET NOT NULL, ALTER COLUMN conversation_kind SET NOT NULL');

  await knex.raw(`
    CREATE TABLE notification_unread_counts (
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
      kind text NOT NULL,
      slot smallint NOT NULL,
      n integer NOT NULL,
      PRIMARY KEY (user_id, channel_id, kind, slot)
    )`);
  await knex.raw(`INSERT INTO notification_unread_counts (user_id, channel_id, kind, slot, n)
                  SELECT user_id, channel_id, conversation_kind, 0, count(*) FROM notifications WHERE read_at IS NULL
                   GROUP BY 1, 2, 3`);

  // Each trigger adds a signed change per counter, in key order (two writers never wait on each
  // other in a cycle), creating the counter the first time.
  const addChanges = (changes: string) => `
      INSERT INTO notification_unread_counts AS u (user_id, channel_id, kind, slot, n)
      SELECT user_id, channel_id, kind, pg_backend_pid() % ${SLOTS}, d FROM (${changes}) changes
       WHERE d <> 0
       ORDER BY user_id, channel_id, kind
      ON CONFLICT (user_id, channel_id, kind, slot) DO UPDATE SET n = u.n + excluded.n`;
  await knex.raw(`
    CREATE FUNCTION unread_counts_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${addChanges(`SELECT user_id, channel_id, conversation_kind AS kind, count(*)::int AS d
                      FROM added WHERE read_at IS NULL GROUP BY 1, 2, 3`)};
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE FUNCTION unread_counts_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${addChanges(`SELECT a.user_id, a.channel_id, a.conversation_kind AS kind,
                           sum((a.read_at IS NULL)::int - (b.read_at IS NULL)::int)::int AS d
                      FROM after_rows a JOIN before_rows b ON b.id = a.id GROUP BY 1, 2, 3`)};
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE FUNCTION unread_counts_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${addChanges(`SELECT user_id, channel_id, conversation_kind AS kind, -count(*)::int AS d
                      FROM removed WHERE read_at IS NULL GROUP BY 1, 2, 3`)};
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER notifications_unread_insert AFTER INSERT ON notifications
                    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION unread_counts_on_insert()`);
  await knex.raw(`CREATE TRIGGER notifications_unread_update AFTER UPDATE ON notifications
                    REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows FOR EACH STATEMENT EXECUTE FUNCTION unread_counts_on_update()`);
  await knex.raw(`CREATE TRIGGER notifications_unread_delete AFTER DELETE ON notifications
                    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION unread_counts_on_delete()`);
}

export async function down(knex: Knex): Promise<void> {
  for (const t of ['insert', 'update', 'delete']) await knex.raw(`DROP TRIGGER IF EXISTS notifications_unread_${t} ON notifications`);
  await knex.raw('DROP FUNCTION IF EXISTS unread_counts_on_insert, unread_counts_on_update, unread_counts_on_delete');
  await knex.raw('DROP TABLE IF EXISTS notification_unread_counts');
  await knex.raw('ALTER TABLE notifications DROP COLUMN IF EXISTS channel_id, DROP COLUMN IF EXISTS conversation_kind');
}

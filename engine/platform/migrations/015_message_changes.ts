import type { Knex } from 'knex';

// Changes to messages the channels tell (issue 15).
// Live updates for every change a message shows: besides its send status and removal (010), its
// delivery status (sent → delivered → read, failed), an edit, hide/unhide, the customer's reaction
// and a private reply to it each emit message.updated, from the same trigger (written in the
// transaction that makes the change).
// Our messages not yet sent are indexed by thread, for matching a provider's early echo of one.
// Audit events of changes to a message not linked to its conversation yet (an edit delivered
// right after its comment, before the relay linked it): kept in pending_message_audits and
// written to the conversation's trail by the statement that links the message.
const WATCHED = ['conversation_id', 'send_status', 'removed', 'delivery_status', 'hidden', 'reaction', 'edited_at', 'private_reply_sent_at'];

function messageTrigger(columns: string[]): string {
  const changed = columns.filter((c) => c !== 'conversation_id').map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ');
  return `
    CREATE OR REPLACE FUNCTION live_from_message() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      what text;
    BEGIN
      IF NEW.conversation_id IS NULL THEN RETURN NULL; END IF;
      IF TG_OP = 'INSERT' OR OLD.conversation_id IS NULL THEN
        what := 'message.created';
      ELSIF ${changed} THEN
        what := 'message.updated';
      ELSE
        RETURN NULL;
      END IF;
      INSERT INTO live_events (org_id, kind, conversation_id, channel_id, payload)
      SELECT ch.org_id, what, NEW.conversation_id, NEW.channel_id, jsonb_build_object('messageId', NEW.id)
        FROM channels ch WHERE ch.id = NEW.channel_id;
      RETURN NULL;
    END $$`;
}

async function replace(knex: Knex, columns: string[]): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS messages_live ON messages');
  await knex.raw(messageTrigger(columns));
  await knex.raw(`CREATE TRIGGER messages_live AFTER INSERT OR UPDATE OF ${columns.join(', ')} ON messages
                    FOR EACH ROW EXECUTE FUNCTION live_from_message()`);
}

export async function up(knex: Knex): Promise<void> {
  await replace(knex, WATCHED);
  // Our messages not sent yet, by thread: what a provider's early account of our send is matched to
  // (engine/features/inbound/record-events.ts, ownSendsOf).
  await knex.raw('CREATE INDEX messages_unsent ON messages (channel_id, thread_key) WHERE provider_message_id IS NULL AND outbound_id IS NOT NULL');

  await knex.raw(`
    CREATE TABLE pending_message_audits (
      id bigserial PRIMARY KEY,
      message_id uuid NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
      type text NOT NULL,
      actor jsonb NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}',
      at timestamptz NOT NULL
    )`);
  await knex.raw('CREATE INDEX pending_message_audits_message ON pending_message_audits (message_id)');
  await knex.raw(`
    CREATE FUNCTION write_pending_message_audits() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      WITH moved AS (DELETE FROM pending_message_audits WHERE message_id = NEW.id RETURNING *)
      INSERT INTO conversation_events (conversation_id, type, actor, detail, at)
      SELECT NEW.conversation_id, type, actor, detail, at FROM moved ORDER BY at, id;
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER messages_pending_audits AFTER UPDATE OF conversation_id ON messages
                    FOR EACH ROW WHEN (OLD.conversation_id IS NULL AND NEW.conversation_id IS NOT NULL)
                    EXECUTE FUNCTION write_pending_message_audits()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS messages_pending_audits ON messages');
  await knex.raw('DROP FUNCTION IF EXISTS write_pending_message_audits');
  await knex.raw('DROP TABLE IF EXISTS pending_message_audits');
  await knex.raw('DROP INDEX IF EXISTS messages_unsent');
  await replace(knex, ['conversation_id', 'send_status', 'removed']);
}

import type { Knex } from 'knex';

// Live updates for every change a message shows (issue 15): besides its send status and removal
// (010), its delivery status (sent → delivered → read, failed), an edit, hide/unhide, the
// customer's reaction and a private reply to it each emit message.updated, from the same trigger
// (written in the transaction that makes the change).
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
}

export async function down(knex: Knex): Promise<void> {
  await replace(knex, ['conversation_id', 'send_status', 'removed']);
}

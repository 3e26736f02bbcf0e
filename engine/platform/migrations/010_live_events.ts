import type { Knex } from 'knex';

// Live updates (api.md "Live updates"): every change the inbox shows is written to `live_events`
// by triggers, in the transaction that makes the change, so no code path can forget one and a
// rolled-back change emits nothing. One trigger per kind of change:
//   conversation_events (the audit trail every lifecycle, label and attribute change writes)
//     → conversation.created / conversation.updated
//   messages linked to a conversation (inbound, once linked; outbound, once recorded) → message.created,
//   their send status or removal → message.updated
//   notifications → notification (for their user only)
//   contact notes and contact attributes → contact.updated
// The API processes read the table in commit order (see engine/features/live/repository.ts): `xid`
// is the writing transaction's id, so a reader can tell which rows are final.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE live_events (
      id bigserial PRIMARY KEY,
      xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
      org_id uuid NOT NULL,
      kind text NOT NULL,
      conversation_id uuid,
      channel_id uuid,
      contact_id uuid,
      -- Set: only this user may see the event (notifications).
      user_id uuid,
      payload jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  await knex.raw('CREATE INDEX live_events_position ON live_events (xid, id)');
  await knex.raw('CREATE INDEX live_events_created ON live_events (created_at)');
  // The highest id pruned so far: a client resuming from before it has missed events and must reload.
  await knex.raw('CREATE TABLE live_events_pruned (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), through_id bigint NOT NULL)');
  await knex.raw('INSERT INTO live_events_pruned (through_id) VALUES (0)');

  await knex.raw(`
    CREATE FUNCTION live_from_conversation_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO live_events (org_id, kind, conversation_id, channel_id, contact_id, payload)
      SELECT ch.org_id,
             CASE NEW.type WHEN 'conversation.created' THEN 'conversation.created' ELSE 'conversation.updated' END,
             NEW.conversation_id, c.channel_id, c.contact_id,
             jsonb_build_object('type', NEW.type, 'actor', NEW.actor, 'detail', NEW.detail, 'at', NEW.at)
        FROM conversations c JOIN channels ch ON ch.id = c.channel_id
       WHERE c.id = NEW.conversation_id;
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER conversation_events_live AFTER INSERT ON conversation_events
                    FOR EACH ROW EXECUTE FUNCTION live_from_conversation_event()`);

  await knex.raw(`
    CREATE FUNCTION live_from_message() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      what text;
    BEGIN
      IF NEW.conversation_id IS NULL THEN RETURN NULL; END IF;
      IF TG_OP = 'INSERT' OR OLD.conversation_id IS NULL THEN
        what := 'message.created';
      ELSIF OLD.send_status IS DISTINCT FROM NEW.send_status OR OLD.removed IS DISTINCT FROM NEW.removed THEN
        what := 'message.updated';
      ELSE
        RETURN NULL;
      END IF;
      INSERT INTO live_events (org_id, kind, conversation_id, channel_id, payload)
      SELECT ch.org_id, what, NEW.conversation_id, NEW.channel_id, jsonb_build_object('messageId', NEW.id)
        FROM channels ch WHERE ch.id = NEW.channel_id;
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER messages_live AFTER INSERT OR UPDATE OF conversation_id, send_status, removed ON messages
                    FOR EACH ROW EXECUTE FUNCTION live_from_message()`);

  await knex.raw(`
    CREATE FUNCTION live_from_notification() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO live_events (org_id, kind, conversation_id, channel_id, user_id, payload)
      SELECT ch.org_id, 'notification', NEW.conversation_id, c.channel_id, NEW.user_id, jsonb_build_object('notificationId', NEW.id)
        FROM conversations c JOIN channels ch ON ch.id = c.channel_id
       WHERE c.id = NEW.conversation_id;
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER notifications_live AFTER INSERT ON notifications
                    FOR EACH ROW EXECUTE FUNCTION live_from_notification()`);

  await knex.raw(`
    CREATE FUNCTION live_from_contact() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.attributes IS NOT DISTINCT FROM NEW.attributes AND OLD.name IS NOT DISTINCT FROM NEW.name THEN RETURN NULL; END IF;
      INSERT INTO live_events (org_id, kind, channel_id, contact_id, payload)
      SELECT ch.org_id, 'contact.updated', NEW.channel_id, NEW.id, jsonb_build_object('change', 'contact')
        FROM channels ch WHERE ch.id = NEW.channel_id;
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER contacts_live AFTER UPDATE OF attributes, name ON contacts
                    FOR EACH ROW EXECUTE FUNCTION live_from_contact()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS contacts_live ON contacts');
  await knex.raw('DROP TRIGGER IF EXISTS notifications_live ON notifications');
  await knex.raw('DROP TRIGGER IF EXISTS messages_live ON messages');
  await knex.raw('DROP TRIGGER IF EXISTS conversation_events_live ON conversation_events');
  await knex.raw('DROP FUNCTION IF EXISTS live_from_contact, live_from_notification, live_from_message, live_from_conversation_event');
  await knex.raw('DROP TABLE IF EXISTS live_events_pruned');
  await knex.raw('DROP TABLE IF EXISTS live_events');
}

import type { Knex } from 'knex';

// What the inbox's context panel, the user's profile, the team metrics and the channel list need
// (api.md "Context, permissions and metrics"): internal notes on contacts, each user's language and
// time zone, the organisation's time zone, each channel's health, and indexes the metrics read by.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('contact_notes', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('contact_id').notNullable().references('contacts.id').onDelete('CASCADE');
    // Null once the author's account is gone: the note stays, visible to the whole organisation.
    t.uuid('author_user_id').references('users.id').onDelete('SET NULL');
    t.text('text').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('ALTER TABLE contact_notes ADD CONSTRAINT contact_notes_text_length CHECK (char_length(text) BETWEEN 1 AND 2000)');
  await knex.raw('CREATE INDEX contact_notes_contact ON contact_notes (contact_id, created_at DESC)');
  // A note is part of a conversation's context: the open threads of its contact update live.
  await knex.raw(`
    CREATE FUNCTION live_from_contact_note() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      note contact_notes;
    BEGIN
      note := CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
      INSERT INTO live_events (org_id, kind, channel_id, contact_id, payload)
      SELECT ch.org_id, 'contact.updated', ct.channel_id, ct.id,
             jsonb_build_object('change', CASE TG_OP WHEN 'INSERT' THEN 'note.created' WHEN 'UPDATE' THEN 'note.updated' ELSE 'note.deleted' END,
                                'noteId', note.id)
        FROM contacts ct JOIN channels ch ON ch.id = ct.channel_id
       WHERE ct.id = note.contact_id;
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER contact_notes_live AFTER INSERT OR UPDATE OR DELETE ON contact_notes
                    FOR EACH ROW EXECUTE FUNCTION live_from_contact_note()`);

  await knex.schema.alterTable('users', (t) => {
    t.text('language').checkIn(['en', 'fr'], 'users_language_check');
    // An IANA zone (checked by the API with luxon); null: the organisation's.
    t.text('time_zone');
  });
  await knex.schema.alterTable('organisations', (t) => {
    t.text('time_zone');
  });

  // Channel health (GET /api/channels): the last inbound event recorded and the last failure (a send
  // the provider refused, or a webhook refused for its signature or shape). Written at most every
  // few seconds per channel, so a burst of webhooks does not queue on the channel's row.
  await knex.schema.alterTable('channels', (t) => {
    t.timestamp('last_event_at', { useTz: true });
    t.timestamp('last_error_at', { useTz: true });
    t.text('last_error_message');
  });

  // Team metrics read these by time range.
  await knex.raw('CREATE INDEX conversation_events_type_at ON conversation_events (type, at)');
  await knex.raw("CREATE INDEX messages_inbound_at ON messages (at) WHERE direction = 'in'");
  await knex.raw('CREATE INDEX csat_responses_answered ON csat_responses (answered_at) WHERE answered_at IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS csat_responses_answered');
  await knex.raw('DROP INDEX IF EXISTS messages_inbound_at');
  await knex.raw('DROP INDEX IF EXISTS conversation_events_type_at');
  await knex.schema.alterTable('channels', (t) => {
    t.dropColumn('last_event_at');
    t.dropColumn('last_error_at');
    t.dropColumn('last_error_message');
  });
  await knex.schema.alterTable('organisations', (t) => t.dropColumn('time_zone'));
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('language');
    t.dropColumn('time_zone');
  });
  await knex.raw('DROP TRIGGER IF EXISTS contact_notes_live ON contact_notes');
  await knex.raw('DROP FUNCTION IF EXISTS live_from_contact_note');
  await knex.schema.dropTableIfExists('contact_notes');
}

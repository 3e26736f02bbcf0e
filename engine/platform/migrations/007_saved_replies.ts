import type { Knex } from 'knex';

// Saved replies (product.md "Saved replies"): pre-written snippets in collections, either one
// user's own (owner_user_id set) or shared (owner_user_id null) with some channels and teams.
// Also two lookups other features asked for: conversations by contact, conversations by tag.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('saved_replies', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id');
    t.text('name').notNullable();
    t.text('text').notNullable();
    // Lower-cased, accents removed, name and text together: what `q` searches. Computed by the
    // repository (engine/features/saved-replies) rather than by the `unaccent` extension, which an
    // external PostgreSQL may not offer.
    t.text('search_text').notNullable();
    t.text('collection');
    // Null: shared. A personal reply goes with its owner.
    t.uuid('owner_user_id').references('users.id').onDelete('CASCADE');
    // Shared scope; an empty list means every channel / every team. Arrays, not link tables: they
    // are only ever read whole with the reply, and a deleted channel in the list matches nothing.
    t.specificType('channel_ids', 'uuid[]').notNullable().defaultTo('{}');
    t.specificType('team_ids', 'uuid[]').notNullable().defaultTo('{}');
    t.uuid('created_by').references('users.id').onDelete('SET NULL');
    t.uuid('updated_by').references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('ALTER TABLE saved_replies ADD CONSTRAINT saved_replies_text_length CHECK (char_length(text) BETWEEN 1 AND 2000)');
  // A personal reply has no shared scope.
  await knex.raw(
    "ALTER TABLE saved_replies ADD CONSTRAINT saved_replies_personal_unscoped CHECK (owner_user_id IS NULL OR (channel_ids = '{}' AND team_ids = '{}'))",
  );
  await knex.raw('CREATE INDEX saved_replies_owner ON saved_replies (org_id, owner_user_id)');

  await knex.raw('CREATE INDEX conversations_contact ON conversations (contact_id)');
  await knex.raw('CREATE INDEX conversation_tags_tag ON conversation_tags (tag_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS conversation_tags_tag');
  await knex.raw('DROP INDEX IF EXISTS conversations_contact');
  await knex.schema.dropTableIfExists('saved_replies');
}

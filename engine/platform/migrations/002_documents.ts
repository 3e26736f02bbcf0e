import type { Knex } from 'knex';

// Admin documents (automations, skill sets, contact groups, scripts: documents.md), their
// immutable published versions, and the tag and topic lists.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('documents', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id');
    t.text('kind').notNullable().checkIn(['automation', 'skillset', 'contactgroup', 'script'], 'documents_kind_check');
    // name and enabled mirror the draft, for lists
    t.text('name').notNullable();
    t.boolean('enabled').notNullable().defaultTo(false);
    t.jsonb('draft').notNullable();
    t.timestamp('draft_updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // evaluation and list order within (org, kind)
    t.integer('position').notNullable();
    // the latest version is the published one (a rollback publishes a new version)
    t.integer('published_version');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('deleted_at', { useTz: true });
  });
  await knex.raw('CREATE INDEX documents_list ON documents (org_id, kind, position) WHERE deleted_at IS NULL');

  await knex.schema.createTable('document_versions', (t) => {
    t.bigIncrements('id');
    t.uuid('document_id').notNullable().references('documents.id').onDelete('CASCADE');
    t.integer('version').notNullable();
    // sha256 of the canonical JSON of the document's logic (layout left out)
    t.text('hash').notNullable();
    t.jsonb('document').notNullable();
    t.timestamp('published_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.uuid('published_by').references('users.id').onDelete('SET NULL');
    // set when this version republishes an older one
    t.integer('rollback_of');
    t.unique(['document_id', 'version']);
  });
  // versions are immutable (only published_by may be cleared, when its user is deleted)
  await knex.raw(`
    CREATE FUNCTION document_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (NEW.id, NEW.document_id, NEW.version, NEW.hash, NEW.document, NEW.published_at, NEW.rollback_of)
         IS DISTINCT FROM (OLD.id, OLD.document_id, OLD.version, OLD.hash, OLD.document, OLD.published_at, OLD.rollback_of) THEN
        RAISE EXCEPTION 'document versions are immutable: publish a new version instead';
      END IF;
      RETURN NEW;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER document_versions_no_update BEFORE UPDATE ON document_versions
    FOR EACH ROW EXECUTE FUNCTION document_versions_immutable()`);

  await knex.schema.createTable('tags', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id');
    t.text('name').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE UNIQUE INDEX tags_name_unique ON tags (org_id, lower(name))');

  await knex.schema.createTable('topics', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id');
    t.text('name').notNullable();
    t.uuid('parent_id').references('topics.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // one name per parent (top level included), ignoring case
  await knex.raw(
    "CREATE UNIQUE INDEX topics_name_unique ON topics (org_id, coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name))",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('topics');
  await knex.schema.dropTableIfExists('tags');
  await knex.schema.dropTableIfExists('document_versions');
  await knex.raw('DROP FUNCTION IF EXISTS document_versions_immutable()');
  await knex.schema.dropTableIfExists('documents');
}

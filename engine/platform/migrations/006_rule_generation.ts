import type { Knex } from 'knex';

// The published rules generation: a counter per organisation, bumped in the same transaction as
// any change to what is evaluated (publish, rollback, order, delete, enable/disable of a document).
// Evaluators compare it with the generation they were compiled for, one cheap read per message, and
// recompile only when it moved. A trigger rather than the documents service, so no code path that
// writes `documents` can forget it; a row rather than a sequence, because a sequence's value is
// visible before the change commits (a reader could cache the old set under the new number).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rule_generations', (t) => {
    t.uuid('org_id').primary().references('organisations.id');
    t.bigInteger('generation').notNullable().defaultTo(1);
  });
  await knex.raw('INSERT INTO rule_generations (org_id) SELECT id FROM organisations');

  await knex.raw(`
    CREATE FUNCTION bump_rule_generation() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE org uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.org_id ELSE NEW.org_id END;
    BEGIN
      INSERT INTO rule_generations AS g (org_id, generation) VALUES (org, 2)
      ON CONFLICT (org_id) DO UPDATE SET generation = g.generation + 1;
      RETURN NULL;
    END $$`);
  // Only what changes an evaluation: drafts (and their mirrored name) do not.
  await knex.raw(`
    CREATE TRIGGER documents_rule_generation_update AFTER UPDATE ON documents FOR EACH ROW
    WHEN ((OLD.published_version, OLD.position, OLD.deleted_at, OLD.enabled, OLD.kind, OLD.org_id)
          IS DISTINCT FROM (NEW.published_version, NEW.position, NEW.deleted_at, NEW.enabled, NEW.kind, NEW.org_id))
    EXECUTE FUNCTION bump_rule_generation()`);
  await knex.raw(`
    CREATE TRIGGER documents_rule_generation_insert AFTER INSERT ON documents FOR EACH ROW
    WHEN (NEW.published_version IS NOT NULL)
    EXECUTE FUNCTION bump_rule_generation()`);
  await knex.raw(`
    CREATE TRIGGER documents_rule_generation_delete AFTER DELETE ON documents FOR EACH ROW
    EXECUTE FUNCTION bump_rule_generation()`);

  // Dry runs replay the conversations created in a period.
  await knex.raw('CREATE INDEX conversations_created_at ON conversations (created_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS conversations_created_at');
  await knex.raw('DROP TRIGGER IF EXISTS documents_rule_generation_update ON documents');
  await knex.raw('DROP TRIGGER IF EXISTS documents_rule_generation_insert ON documents');
  await knex.raw('DROP TRIGGER IF EXISTS documents_rule_generation_delete ON documents');
  await knex.raw('DROP FUNCTION IF EXISTS bump_rule_generation()');
  await knex.schema.dropTableIfExists('rule_generations');
}

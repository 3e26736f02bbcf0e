import type { Knex } from 'knex';

// The autoresponder script running on a conversation (documents.md "Scripts"): what
// `GET /api/conversations/{id}` shows as `script: { id, name, version, stepId }` while one runs.
// Written by the workflow's script activity with the script's audit events; null otherwise.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('conversations', (t) => {
    t.jsonb('script');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('conversations', (t) => {
    t.dropColumn('script');
  });
}

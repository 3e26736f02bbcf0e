import type { Knex } from 'knex';

// Operations: failed logins counted per account and per address (shared by every API process), and one
// row per retention purge saying how much it removed.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_failures', (t) => {
    // "account:<e-mail, lower case>" or "address:<remote address>"
    t.text('key').primary();
    t.integer('failures').notNullable();
    t.timestamp('window_started_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('purge_runs', (t) => {
    t.bigIncrements('id');
    t.uuid('org_id').notNullable().references('organisations.id');
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // The limits applied, and what went: messages, LinkedIn conversations, conversations emptied.
    t.jsonb('limits').notNullable();
    t.integer('messages_removed').notNullable();
    t.integer('linkedin_conversations_removed').notNullable();
    // Conversations kept (their workflow may still run) whose every message went: their preview is cleared.
    t.integer('conversations_emptied').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('purge_runs');
  await knex.schema.dropTableIfExists('login_failures');
}

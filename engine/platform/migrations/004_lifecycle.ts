import type { Knex } from 'knex';

// What the conversation workflow and the automations act on beyond the foundation: tags and
// topic on conversations, agents' capacity and routing bookkeeping, and CSAT answers.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('conversation_tags', (t) => {
    t.uuid('conversation_id').notNullable().references('conversations.id').onDelete('CASCADE');
    t.uuid('tag_id').notNullable().references('tags.id').onDelete('CASCADE');
    t.timestamp('added_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['conversation_id', 'tag_id']);
  });

  await knex.schema.alterTable('conversations', (t) => {
    t.uuid('topic_id').references('topics.id').onDelete('SET NULL');
    // Routing: the skill set's target while the conversation waits for an agent ({ teamId } or
    // { userIds }), and since when it waits (null: not waiting).
    t.jsonb('routing_target');
    t.timestamp('routing_waiting_since', { useTz: true });
  });
  await knex.raw(
    'CREATE INDEX conversations_routing_waiting ON conversations (routing_waiting_since) WHERE routing_waiting_since IS NOT NULL',
  );

  await knex.schema.alterTable('users', (t) => {
    // Most open conversations routing gives this agent (null: the org default).
    t.integer('capacity');
    // When routing last gave this agent a conversation (ties go to who waited longest).
    t.timestamp('last_assigned_at', { useTz: true });
  });

  // Round robin: who got the last conversation of each target (a skill set's team or user list).
  await knex.schema.createTable('routing_cursors', (t) => {
    t.text('target_key').primary();
    t.uuid('last_user_id').references('users.id').onDelete('SET NULL');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // One survey sent per resolution; answered (score 1–5, optional comment) or unanswered.
  await knex.schema.createTable('csat_responses', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('conversation_id').notNullable().references('conversations.id').onDelete('CASCADE');
    t.uuid('survey_id').references('csat_surveys.id').onDelete('SET NULL');
    t.text('language').notNullable();
    t.text('status').notNullable().checkIn(['sent', 'answered', 'unanswered'], 'csat_responses_status_check');
    t.integer('score');
    t.text('comment');
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('answered_at', { useTz: true });
  });
  await knex.raw('CREATE INDEX csat_responses_conversation ON csat_responses (conversation_id, sent_at DESC)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('csat_responses');
  await knex.schema.dropTableIfExists('routing_cursors');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('capacity');
    t.dropColumn('last_assigned_at');
  });
  await knex.raw('DROP INDEX IF EXISTS conversations_routing_waiting');
  await knex.schema.alterTable('conversations', (t) => {
    t.dropColumn('topic_id');
    t.dropColumn('routing_target');
    t.dropColumn('routing_waiting_since');
  });
  await knex.schema.dropTableIfExists('conversation_tags');
}

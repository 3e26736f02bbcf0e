import type { Knex } from 'knex';

// The first schema: people, channels, conversations and their messages, the audit trail, and the
// queue of recorded inbound messages waiting to be handed to Temporal.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organisations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id');
    t.text('email').notNullable();
    t.text('name').notNullable();
    t.text('role').notNullable().checkIn(['admin', 'agent'], 'users_role_check');
    t.text('password_hash').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE UNIQUE INDEX users_email_unique ON users (lower(email))');

  await knex.schema.createTable('auth_tokens', (t) => {
    t.text('token_hash').primary();
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('teams', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id');
    t.text('name').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['org_id', 'name']);
  });
  await knex.schema.createTable('team_members', (t) => {
    t.uuid('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.primary(['team_id', 'user_id']);
  });

  await knex.schema.createTable('channels', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id');
    t.text('type').notNullable();
    t.text('name').notNullable();
    t.jsonb('config').notNullable().defaultTo('{}');
    // The provider id a shared endpoint routes on (Meta: the Page id).
    t.text('route_key');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('deleted_at', { useTz: true });
  });
  await knex.raw(
    'CREATE UNIQUE INDEX channels_route_key_unique ON channels (type, route_key) WHERE deleted_at IS NULL AND route_key IS NOT NULL',
  );

  await knex.schema.createTable('contacts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('channel_id').notNullable().references('channels.id');
    t.text('provider_id').notNullable();
    t.text('name');
    t.jsonb('attributes').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['channel_id', 'provider_id']);
  });

  await knex.schema.createTable('conversations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('channel_id').notNullable().references('channels.id');
    t.text('thread_key').notNullable();
    t.text('workflow_id').notNullable();
    t.text('kind').notNullable().checkIn(['private', 'public'], 'conversations_kind_check');
    t.text('status').notNullable().checkIn(['unassigned', 'assigned', 'pending', 'done'], 'conversations_status_check');
    t.uuid('assignee_user_id').references('users.id');
    t.uuid('team_id').references('teams.id');
    t.uuid('contact_id').notNullable().references('contacts.id');
    t.text('post_id');
    t.text('priority').notNullable().defaultTo('normal');
    t.text('last_message_text').notNullable().defaultTo('');
    t.text('last_message_direction').notNullable().defaultTo('in');
    t.timestamp('last_message_at', { useTz: true }).notNullable();
    t.timestamp('last_customer_message_at', { useTz: true });
    t.timestamp('reply_window_closes_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['channel_id', 'thread_key']);
  });
  await knex.raw('CREATE INDEX conversations_queue ON conversations (status, last_message_at DESC, id DESC)');
  await knex.raw('CREATE INDEX conversations_assignee ON conversations (assignee_user_id, status)');
  await knex.raw('CREATE INDEX conversations_team ON conversations (team_id, status)');

  await knex.schema.createTable('messages', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('channel_id').notNullable().references('channels.id');
    t.uuid('conversation_id').references('conversations.id');
    t.text('thread_key').notNullable();
    t.text('kind').notNullable();
    t.text('direction').notNullable().checkIn(['in', 'out'], 'messages_direction_check');
    t.text('provider_message_id');
    // Our own id of an outbound message, recorded before it is sent, so a retried send is recognised.
    t.text('outbound_id').unique();
    t.jsonb('author').notNullable();
    t.text('contact_provider_id').notNullable();
    t.text('text').notNullable().defaultTo('');
    t.jsonb('attachments').notNullable().defaultTo('[]');
    t.jsonb('extra');
    t.text('post_id');
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('send_status').checkIn(['pending', 'sent', 'failed'], 'messages_send_status_check');
    t.text('send_error');
    t.boolean('removed').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['channel_id', 'provider_message_id']);
  });
  await knex.raw('CREATE INDEX messages_conversation ON messages (conversation_id, at)');

  // Recorded inbound messages not yet handed to their workflow (the relay's work list).
  await knex.schema.createTable('inbound_queue', (t) => {
    t.bigIncrements('id');
    t.uuid('message_id').notNullable().references('messages.id').onDelete('CASCADE');
    t.uuid('channel_id').notNullable();
    t.text('thread_key').notNullable();
    t.text('direction').notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE INDEX inbound_queue_due ON inbound_queue (next_attempt_at, id)');

  await knex.schema.createTable('conversation_events', (t) => {
    t.bigIncrements('id');
    t.uuid('conversation_id').notNullable().references('conversations.id').onDelete('CASCADE');
    t.text('type').notNullable();
    t.jsonb('actor').notNullable();
    t.jsonb('detail').notNullable().defaultTo('{}');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE INDEX conversation_events_conversation ON conversation_events (conversation_id, id)');

  await knex('organisations').insert({ name: 'Switchboard' });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['conversation_events', 'inbound_queue', 'messages', 'conversations', 'contacts',
    'channels', 'team_members', 'teams', 'auth_tokens', 'users', 'organisations']) {
    await knex.schema.dropTableIfExists(table);
  }
}

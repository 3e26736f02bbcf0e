import type { Knex } from 'knex';

// Notifications of agents (in-app list and e-mail outbox), each user's choices of what to be told,
// and each user's read marker per conversation (unread counts of the queues).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notifications', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('kind').notNullable()
      .checkIn(['conversation.new', 'reply.unattended', 'reply.assigned', 'conversation.assigned'], 'notifications_kind_check');
    t.uuid('conversation_id').notNullable().references('conversations.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('read_at', { useTz: true });
    t.jsonb('detail').notNullable().defaultTo('{}');
  });
  await knex.raw('CREATE INDEX notifications_user ON notifications (user_id, created_at DESC, id DESC)');
  // The bell's badge and "unread only" read this one; it stays small as people read.
  await knex.raw('CREATE INDEX notifications_user_unread ON notifications (user_id, created_at DESC, id DESC) WHERE read_at IS NULL');
  await knex.raw('CREATE INDEX notifications_conversation ON notifications (conversation_id)');

  // A row only where the user changed a kind from its default (see engine/features/notifications/kinds.ts).
  await knex.schema.createTable('notification_preferences', (t) => {
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.boolean('in_app').notNullable();
    t.boolean('email').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['user_id', 'kind']);
  });

  await knex.schema.createTable('email_outbox', (t) => {
    t.bigIncrements('id');
    t.text('to_address').notNullable();
    t.text('subject').notNullable();
    t.text('text').notNullable();
    t.text('status').notNullable().defaultTo('pending').checkIn(['pending', 'sent', 'failed'], 'email_outbox_status_check');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    // Backoff between attempts, and the lease of a mailer sending it now.
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.uuid('user_id').references('users.id').onDelete('SET NULL');
    t.uuid('conversation_id').references('conversations.id').onDelete('SET NULL');
    t.text('kind');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
  });
  await knex.raw("CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at, id) WHERE status = 'pending'");

  // What the user has seen of a conversation: unread = a customer message newer than read_through.
  // read_through is the conversation's last customer message time when it was read (not the clock),
  // so a message whose provider timestamp is slightly in the past still counts as unread.
  await knex.schema.createTable('conversation_reads', (t) => {
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.uuid('conversation_id').notNullable().references('conversations.id').onDelete('CASCADE');
    t.timestamp('read_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('read_through', { useTz: true });
    t.primary(['user_id', 'conversation_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('conversation_reads');
  await knex.schema.dropTableIfExists('email_outbox');
  await knex.schema.dropTableIfExists('notification_preferences');
  await knex.schema.dropTableIfExists('notifications');
}

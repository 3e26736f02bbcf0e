import type { Knex } from 'knex';

// What the channels beyond Messenger tell besides new messages (issue 15): the post a public thread
// is about, changes to stored messages (edits, removals, moderation, reactions), delivery statuses
// of outbound messages, what a message answers, and the one private reply a comment allows.
export async function up(knex: Knex): Promise<void> {
  // The latest the providers told (or a lookup fetched) about a post, per channel.
  await knex.schema.createTable('posts', (t) => {
    t.uuid('channel_id').notNullable().references('channels.id');
    t.text('post_id').notNullable();
    t.jsonb('data').notNullable().defaultTo('{}');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['channel_id', 'post_id']);
  });

  // Every update or status event once (its eventId); applied_at stays null while the message it
  // changes is not stored yet (deliveries arrive out of order), and is set when the message arrives.
  await knex.schema.createTable('message_events', (t) => {
    t.uuid('channel_id').notNullable().references('channels.id');
    t.text('event_id').notNullable();
    t.text('provider_message_id');
    t.text('outbound_id');
    t.jsonb('event').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('applied_at', { useTz: true });
    t.primary(['channel_id', 'event_id']);
  });
  await knex.raw('CREATE INDEX message_events_waiting ON message_events (channel_id, provider_message_id) WHERE applied_at IS NULL');

  await knex.schema.alterTable('messages', (t) => {
    t.text('in_reply_to');
    // pending → sent → delivered → read, or failed (connectors/shared/delivery-status.ts).
    t.text('delivery_status').checkIn(['pending', 'sent', 'delivered', 'read', 'failed'], 'messages_delivery_status_check');
    t.boolean('hidden').notNullable().defaultTo(false);
    t.text('reaction');
    t.timestamp('edited_at', { useTz: true });
    t.timestamp('private_reply_sent_at', { useTz: true });
  });
  await knex.raw("UPDATE messages SET delivery_status = send_status WHERE direction = 'out' AND send_status IS NOT NULL");
  await knex.raw('CREATE INDEX messages_in_reply_to ON messages (channel_id, in_reply_to) WHERE in_reply_to IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS messages_in_reply_to');
  await knex.schema.alterTable('messages', (t) => {
    t.dropColumns('in_reply_to', 'delivery_status', 'hidden', 'reaction', 'edited_at', 'private_reply_sent_at');
  });
  await knex.schema.dropTableIfExists('message_events');
  await knex.schema.dropTableIfExists('posts');
}
